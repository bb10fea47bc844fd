import Testing

@testable import Physics

@Suite struct KSpaceMaskTests {
    /// Reference §2.3: the authors' mask (384 columns, fraction 0.1, R = 4, seed 1337), verbatim.
    static let authorsColumns: [Int] =
        [
            1, 9, 12, 35, 38, 39, 42, 44, 55, 56, 62, 68, 99, 101, 113, 116, 120, 121, 123, 133, 135, 138, 151, 152,
            155, 165,
        ]
        + Array(173...210)
        + [
            216, 217, 221, 222, 223, 228, 229, 230, 237, 253, 268, 269, 270, 273, 274, 296, 297, 301, 310, 322, 326,
            337,
            339, 351, 362, 365, 381, 383,
        ]

    @Test func authorsDefaultIsTheReferenceMask() throws {
        let mask = try KSpaceMask(width: 384, height: 384)
        #expect(Self.authorsColumns.count == 92)
        #expect(mask.sampledColumns == Self.authorsColumns)
        #expect(mask.sampledCount == 92 * 384)
        #expect(abs(mask.achievedAcceleration - 384.0 / 92) < 1e-12)
        #expect((0..<384).allSatisfy { y in mask[x: 192, y: y] && !mask[x: 0, y: y] })
        #expect(KSpaceMask.Kind.randomLines == .authors)
    }

    @Test func authorsMasksMatchNumpy() throws {
        for reference in try MRFixture.values().authorsMasks {
            let mask = try KSpaceMask(
                kind: .authors, width: reference.columnCount, height: 3, acceleration: reference.acceleration,
                centerFraction: reference.centerFraction, seed: reference.seed)
            #expect(
                mask.sampledColumns == reference.columns,
                "\(reference.columnCount) columns, R \(reference.acceleration)")
            #expect(mask.sampledCount == 3 * reference.columns.count)
        }
    }

    @Test func equispacedMasksMatchFastMRI() throws {
        for reference in try MRFixture.values().equispacedMasks {
            let mask = try KSpaceMask(
                kind: .equispaced, width: reference.columnCount, height: 2, acceleration: reference.acceleration,
                centerFraction: reference.centerFraction, seed: reference.seed)
            #expect(
                mask.sampledColumns == reference.columns,
                "\(reference.columnCount) columns, R \(reference.acceleration)")
        }
    }

    @Test(arguments: KSpaceMask.Kind.allCases)
    func masksAreReproducibleAndDependOnTheSeed(kind: KSpaceMask.Kind) throws {
        let make = { (seed: UInt32) in
            try KSpaceMask(kind: kind, width: 64, height: 48, acceleration: 4, centerFraction: 0.08, seed: seed)
        }
        #expect(try make(7) == make(7))
        #expect(try make(7).samples != make(8).samples)
        #expect(try make(7).isColumnMask == (kind != .variableDensityPoissonDisc))
    }

    /// Achieved acceleration. Equispaced and Poisson-disc masks: within 3 % of R for every seed.
    /// Random lines hit R only in expectation: n_low + Binomial(N − n_low, p) columns, so the mean
    /// sampled fraction of 20 seeds must lie within 4 standard errors of 1/R.
    @Test(arguments: KSpaceMask.Kind.allCases, [(4.0, 0.08), (8.0, 0.04), (16.0, 0.02)])
    func achievedAccelerationIsNearTheRequestedOne(kind: KSpaceMask.Kind, rate: (Double, Double)) throws {
        let (acceleration, fraction) = rate
        let size = kind == .variableDensityPoissonDisc ? 96 : 384
        let seeds: [UInt32] = kind == .authors ? Array(1...20) : [1, 2]
        let masks = try seeds.map {
            try KSpaceMask(
                kind: kind, width: size, height: size, acceleration: acceleration, centerFraction: fraction, seed: $0)
        }
        guard kind == .authors else {
            for mask in masks { #expect(abs(mask.achievedAcceleration - acceleration) <= 0.03 * acceleration) }
            return
        }
        let n = Double(size)
        let low = (n * fraction).rounded(.toNearestOrEven)
        let p = (n / acceleration - low) / (n - low)
        let standardError = ((n - low) * p * (1 - p)).squareRoot() / n / Double(seeds.count).squareRoot()
        let mean = masks.reduce(0) { $0 + 1 / $1.achievedAcceleration } / Double(seeds.count)
        #expect(abs(mean - 1 / acceleration) <= 4 * standardError, "mean fraction \(mean)")
    }

    @Test func poissonDiscHasAFullCentreAndDecayingDensity() throws {
        let mask = try KSpaceMask(
            kind: .variableDensityPoissonDisc, width: 128, height: 96, acceleration: 6, centerFraction: 0.1, seed: 3)
        #expect(abs(mask.achievedAcceleration - 6) <= 0.06)
        func density(_ range: ClosedRange<Double>) -> Double {
            var (inside, sampled) = (0, 0)
            for y in 0..<96 {
                for x in 0..<128 {
                    let u = Double(x - 64) / 64
                    let v = Double(y - 48) / 48
                    guard range.contains((u * u + v * v).squareRoot()) else { continue }
                    inside += 1
                    sampled += mask[x: x, y: y] ? 1 : 0
                }
            }
            return Double(sampled) / Double(inside)
        }
        #expect(density(0...0.1) == 1)
        #expect(density(0.15...0.35) > density(0.4...0.6))
        #expect(density(0.4...0.6) > density(0.7...1.0))
        #expect(density(0.7...1.0) > 0.02)
    }

    @Test func invalidParametersThrow() {
        #expect(throws: PhysicsError.self) { try KSpaceMask(width: 0, height: 4) }
        #expect(throws: PhysicsError.self) { try KSpaceMask(width: 8, height: 8, acceleration: 0.5) }
        #expect(throws: PhysicsError.self) { try KSpaceMask(width: 8, height: 8, centerFraction: 1) }
        #expect(throws: PhysicsError.self) {
            try KSpaceMask(kind: .equispaced, width: 100, height: 1, acceleration: 8, centerFraction: 0.2)
        }
        #expect(throws: PhysicsError.self) {
            try KSpaceMask(
                kind: .variableDensityPoissonDisc, width: 32, height: 32, acceleration: 16, centerFraction: 0.5)
        }
    }
}
