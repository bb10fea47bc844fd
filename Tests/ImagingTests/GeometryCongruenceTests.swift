import Testing

@testable import Imaging

@Suite struct GeometryCongruenceTests {
    static let spacing = SIMD3(0.5, 0.5, 2.0)

    static func geometry(
        size: SIMD3<Int> = SIMD3(8, 8, 4), origin: SIMD3<Double> = SIMD3(10, -20, 30),
        spacing: SIMD3<Double> = spacing, direction: Matrix3 = .identity, uid: String? = "1.2.840.1"
    ) throws -> Geometry {
        try Geometry(size: size, originMM: origin, spacingMM: spacing, direction: direction, frameOfReferenceUID: uid)
    }

    @Test func identicalGridsAreCongruent() throws {
        let g = try Self.geometry()
        #expect(g.isCongruent(with: g))
        #expect(g.congruenceMismatch(with: g) == nil)
        #expect(g.isCongruent(with: try Self.geometry(uid: nil)), "a missing frame of reference is not a mismatch")
    }

    @Test func originToleranceScalesWithSpacing() throws {
        // Tolerance = 1e-6 × spacing.x = 5e-7 mm.
        let g = try Self.geometry()
        #expect(g.isCongruent(with: try Self.geometry(origin: SIMD3(10 + 4e-7, -20, 30))))
        let far = try Self.geometry(origin: SIMD3(10, -20, 30 + 6e-7))
        #expect(!g.isCongruent(with: far))
        #expect(g.congruenceMismatch(with: far)?.contains("origin") == true)
        #expect(throws: ImagingError.self) { try g.requireCongruent(with: far) }
    }

    @Test func eachDifferenceIsNamed() throws {
        let g = try Self.geometry()
        let tilted = Matrix3(columns: (SIMD3(1, 2e-6, 0), SIMD3(-2e-6, 1, 0), SIMD3(0, 0, 1)))
        let cases: [(Geometry, String)] = [
            (try Self.geometry(size: SIMD3(8, 8, 5)), "size"),
            (try Self.geometry(spacing: SIMD3(0.5, 0.500001, 2)), "spacing"),
            (try Self.geometry(direction: tilted), "direction"),
            (try Self.geometry(uid: "1.2.840.2"), "frame of reference"),
        ]
        for (other, word) in cases {
            let reason = g.congruenceMismatch(with: other)
            #expect(reason?.contains(word) == true, "expected a \(word) mismatch, got \(reason ?? "none")")
        }
    }

    @Test func looserTolerancesAccept() throws {
        let g = try Self.geometry()
        let shifted = try Self.geometry(origin: SIMD3(10.001, -20, 30))
        #expect(!g.isCongruent(with: shifted))
        #expect(g.isCongruent(with: shifted, tolerance: .init(coordinate: 1e-2)))
    }
}
