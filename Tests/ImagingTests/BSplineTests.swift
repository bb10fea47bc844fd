import Foundation
import Testing

@testable import Imaging

@Suite struct BSplineTests {
    @Test func interpolatesTheSamplesExactly() throws {
        let g = try Geometry(size: SIMD3(7, 6, 5))
        let v = try Volume(geometry: g, voxels: (0..<g.voxelCount).map { Float(cos(Double($0) * 1.3)) })
        let reader = VolumeInterpolator(v, interpolation: .cubicBSpline)
        var worst: Float = 0
        for k in 0..<5 {
            for j in 0..<6 {
                for i in 0..<7 {
                    let value = try #require(reader.value(atContinuousIndex: SIMD3(Double(i), Double(j), Double(k))))
                    worst = max(worst, abs(value - v[i, j, k]))
                }
            }
        }
        #expect(worst < 2e-6)
    }

    /// A cubic on a 48-sample line along axis `axis`; the spline reproduces it away from the mirror borders.
    @Test(arguments: [0, 1, 2])
    func reproducesCubicPolynomialsInTheInterior(axis: Int) throws {
        let count = 48
        let cubic = { (x: Double) in
            let t = x / 47
            return 0.2 - 0.5 * t + 1.5 * t * t - 0.9 * t * t * t
        }
        var size = SIMD3(1, 1, 1)
        size[axis] = count
        let v = try Volume(geometry: try Geometry(size: size), voxels: (0..<count).map { Float(cubic(Double($0))) })
        let reader = VolumeInterpolator(v, interpolation: .cubicBSpline)
        var worst = 0.0
        for step in 0..<60 {
            var n = SIMD3<Double>.zero
            n[axis] = 16 + Double(step) * 0.27
            worst = max(worst, abs(Double(try #require(reader.value(atContinuousIndex: n))) - cubic(n[axis])))
        }
        #expect(worst < 2e-6)
        // Linear interpolation cannot do this: the test would fail for a wrong kernel.
        let linear = VolumeInterpolator(v, interpolation: .linear)
        var n = SIMD3<Double>.zero
        n[axis] = 20.5
        #expect(abs(Double(try #require(linear.value(atContinuousIndex: n))) - cubic(20.5)) > 1e-5)
    }

    @Test func prefilterMatchesTheClosedFormForAConstantAndTwoSamples() {
        // A constant line has constant coefficients equal to the constant (β³ sums to 1).
        var line = Array(repeating: 3.0, count: 10)
        BSplinePrefilter.filter(&line)
        #expect(line.allSatisfy { abs($0 - 3) < 1e-12 })
        // N = 2 mirrors to the period-2 signal a b a b…, so re-synthesis is (c₁ + 4c₀ + c₁)/6 = s₀.
        var pair = [1.0, 5.0]
        BSplinePrefilter.filter(&pair)
        #expect(abs((4 * pair[0] + 2 * pair[1]) / 6 - 1) < 1e-12)
        #expect(abs((2 * pair[0] + 4 * pair[1]) / 6 - 5) < 1e-12)
    }

    @Test func matchesScipyMapCoordinates() throws {
        try ResamplingFixtureCase.check(.cubicBSpline, key: "cubic_bspline")
    }
}

/// The scipy resampling fixture: `base` on a 2-D grid, resampled under a rotation about a centre.
enum ResamplingFixtureCase {
    static func check(_ interpolation: Interpolation, key: String) throws {
        let fixture = try ImagingFixture()
        let r = fixture.resampling
        let spacing = try doubles(r["moving_spacing_mm"])
        let origin = try doubles(r["moving_origin_mm"])
        let moving = try fixture.image(
            (fixture.document["images"] as? [String: Any])?["base"], spacingMM: SIMD2(spacing[0], spacing[1]),
            originMM: SIMD2(origin[0], origin[1]))
        let fixedSpacing = try doubles(r["fixed_spacing_mm"])
        let fixedOrigin = try doubles(r["fixed_origin_mm"])
        let grid = try Grid2D(
            width: try #require(r["fixed_width"] as? Int), height: try #require(r["fixed_height"] as? Int),
            spacingMM: SIMD2(fixedSpacing[0], fixedSpacing[1]), originMM: SIMD2(fixedOrigin[0], fixedOrigin[1]))
        let angle = try #require(r["angle_z_degrees"] as? Double) * .pi / 180
        let center = try doubles(r["center_mm"])
        let translation = try doubles(r["translation_mm"])
        let transform = AffineTransform(
            eulerAnglesRadians: SIMD3(0, 0, angle), translationMM: SIMD3(translation[0], translation[1], 0),
            centerMM: SIMD3(center[0], center[1], 0))
        let fill = Float(try #require(r["fill"] as? Double))
        let expected = try fixture.image(r[key])
        let out = resample(moving, onto: grid, transform: transform, interpolation: interpolation, fill: fill)
        #expect(out.pixels.filter { $0 != fill }.count == (try #require(r["inside_count"] as? Int)))
        var failures = 0
        for (p, (a, b)) in zip(out.pixels, expected.pixels).enumerated()
        where !isClose(Double(a), Double(b), rtol: 1e-4, atol: 1e-6) {
            failures += 1
            if failures <= 5 { Issue.record("\(key) pixel \(p % grid.width),\(p / grid.width): \(a) vs scipy \(b)") }
        }
        #expect(failures == 0)
    }
}
