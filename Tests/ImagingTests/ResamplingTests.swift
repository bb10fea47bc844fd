import Foundation
import Testing

@testable import Imaging

@Suite struct ResamplingTests {
    /// A small oblique volume with distinct, irregular voxel values.
    static func volume() throws -> Volume {
        let g = try Geometry(
            size: SIMD3(9, 7, 5), originMM: SIMD3(-10, 4, 60), spacingMM: SIMD3(0.8, 1.1, 2.0),
            direction: AffineTransform(eulerAnglesRadians: SIMD3(0.1, 0.2, -0.3)).matrix, frameOfReferenceUID: "1.2.3")
        return try Volume(
            geometry: g, voxels: (0..<g.voxelCount).map { Float(sin(Double($0) * 0.7) + 0.1 * Double($0 % 5)) })
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }

    @Test(arguments: Interpolation.allCases)
    func identityResampleReturnsTheInput(interpolation: Interpolation) throws {
        let v = try Self.volume()
        let out = resample(v, onto: v.geometry, interpolation: interpolation)
        #expect(out.geometry == v.geometry)
        #expect(Self.maxDifference(out.voxels, v.voxels) <= (interpolation == .nearest ? 0 : 2e-6))
    }

    @Test func linearIsExactOnAffineFunctions() throws {
        // f(p) = 2 + 0.3·x − 0.2·y + 0.05·z in physical coordinates; trilinear reproduces it exactly
        // wherever all 8 neighbours exist (index within [0, size − 1] on every axis).
        let f = { (p: SIMD3<Double>) in 2 + 0.3 * p.x - 0.2 * p.y + 0.05 * p.z }
        let moving = try Self.volume()
        let g = moving.geometry
        var mv = moving
        for k in 0..<g.size.z {
            for j in 0..<g.size.y {
                for i in 0..<g.size.x {
                    mv[i, j, k] = Float(f(g.physicalPoint(ofIndex: SIMD3(i, j, k))))
                }
            }
        }
        let fixed = try Geometry(size: SIMD3(12, 10, 6), originMM: g.centerMM - 4, spacingMM: SIMD3(0.6, 0.7, 1.3))
        let transform = AffineTransform(
            eulerAnglesRadians: SIMD3(0.05, -0.1, 0.2), translationMM: SIMD3(0.3, -0.2, 0.4), centerMM: g.centerMM)
        let out = resample(mv, onto: fixed, transform: transform, interpolation: .linear, fill: -99)
        var checked = 0
        for k in 0..<6 {
            for j in 0..<10 {
                for i in 0..<12 {
                    let q = transform.apply(to: fixed.physicalPoint(ofIndex: SIMD3(i, j, k)))
                    let n = g.continuousIndex(ofPhysicalPoint: q)
                    let interior = (0..<3).allSatisfy { n[$0] >= 0 && n[$0] <= Double(g.size[$0] - 1) }
                    guard interior else { continue }
                    checked += 1
                    #expect(abs(Double(out[i, j, k]) - f(q)) < 2e-5, "at \(i),\(j),\(k)")
                }
            }
        }
        #expect(checked > 100)
    }

    @Test func nearestPicksTheVoxelWhoseCentreIsNearest() throws {
        let v = try Volume(geometry: try Geometry(size: SIMD3(5, 4, 3)), voxels: (0..<60).map(Float.init))
        let reader = VolumeInterpolator(v, interpolation: .nearest)
        #expect(reader.value(atContinuousIndex: SIMD3(2.4, 1.6, 0.49)) == v[2, 2, 0])
        #expect(reader.value(atContinuousIndex: SIMD3(2.5, 0.5, 1.5)) == v[3, 1, 2], "halves round up, as ITK")
        #expect(reader.value(atContinuousIndex: SIMD3(-0.5, 3.49, 2.2)) == v[0, 3, 2])
    }

    @Test func outsideTheBufferGetsFill() throws {
        let v = try Self.volume()
        let far = resample(v, onto: v.geometry, transform: .translation(SIMD3(1000, 0, 0)), fill: -7)
        #expect(far.voxels.allSatisfy { $0 == -7 })
        // Shift by exactly one voxel along i: the last column leaves the buffer, the rest moves.
        let step = v.geometry.direction.column0 * v.geometry.spacingMM.x
        for interpolation in Interpolation.allCases {
            let moved = resample(
                v, onto: v.geometry, transform: .translation(step), interpolation: interpolation, fill: -7)
            #expect(moved[8, 3, 2] == -7)
            #expect(abs(moved[3, 3, 2] - v[4, 3, 2]) < 2e-6)
        }
        let reader = VolumeInterpolator(v, interpolation: .cubicBSpline)
        #expect(reader.value(atContinuousIndex: SIMD3(8.5, 0, 0)) == nil)
        #expect(reader.value(atContinuousIndex: SIMD3(-0.5, 0, 0)) != nil)
    }

    @Test func twoDimensionalResampleOntoAnotherGrid() throws {
        // Pure scaling: a coarse grid whose centres coincide with every other fine pixel.
        let fine = Image2D(width: 8, height: 6, pixels: (0..<48).map(Float.init), spacingMM: SIMD2(1, 1))
        let coarse = try Grid2D(width: 4, height: 3, spacingMM: SIMD2(2, 2), originMM: SIMD2(0, 0))
        for interpolation in Interpolation.allCases {
            let out = resample(fine, onto: coarse, interpolation: interpolation)
            #expect(out.grid == coarse)
            let expected = (0..<3).flatMap { y in (0..<4).map { x in fine[x: 2 * x, y: 2 * y] } }
            #expect(Self.maxDifference(out.pixels, expected) < 2e-5, "\(interpolation)")
        }
    }
}

extension ResamplingTests {
    @Test func linearMatchesScipyMapCoordinates() throws {
        try ResamplingFixtureCase.check(.linear, key: "linear")
    }
}
