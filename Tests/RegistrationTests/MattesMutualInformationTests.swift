import Foundation
import Testing

@testable import Imaging
@testable import Registration

@Suite struct MattesMutualInformationTests {
    /// The grid and images of Fixtures/make_mattes_fixture.py.
    static func fixture() throws -> (fixed: Volume, moving: Volume) {
        let geometry = try Geometry(
            size: SIMD3(12, 10, 8), originMM: SIMD3(-10, 5, 3), spacingMM: SIMD3(2, 1.5, 1))
        func fixedValue(_ i: Int, _ j: Int, _ k: Int) -> Double {
            let x = Double(i)
            let y = Double(j)
            let wave: Double = 50 * sin(0.7 * x) * cos(0.5 * y)
            let ramp: Double = 20 * Double(k)
            let code: Int = (7 * i + 3 * j + 5 * k) % 4
            let steps = 10 * Double(code)
            return 100 + wave + ramp + steps
        }
        func movingValue(_ i: Int, _ j: Int, _ k: Int) -> Double {
            let c = Double(i - 6)
            let z = Double(k)
            let wave: Double = 15 * cos(0.9 * z)
            return 3000 - 8 * fixedValue(i, j, k) + wave + 0.05 * c * c * c
        }
        var fixed = Volume(geometry: geometry)
        var moving = Volume(geometry: geometry)
        for k in 0..<8 {
            for j in 0..<10 {
                for i in 0..<12 {
                    fixed[i, j, k] = Float(fixedValue(i, j, k))
                    moving[i, j, k] = Float(movingValue(i, j, k))
                }
            }
        }
        return (fixed, moving)
    }

    /// (translation mm, bins, value, valid samples) printed by Fixtures/make_mattes_fixture.py (numpy).
    static let reference: [(SIMD3<Double>, Int, Double, Int)] = [
        (SIMD3(0, 0, 0), 20, -1.6140258031111847, 960),
        (SIMD3(0.7, -0.3, 0.45), 20, -1.189684918844926, 693),
        (SIMD3(0.7, -0.3, 0.45), 50, -1.5585186953947203, 693),
        (SIMD3(-3.1, 1.2, 0.8), 12, -0.3784139840267071, 630),
    ]

    @Test(arguments: 0..<4) func valueMatchesIndependentNumpyComputation(_ row: Int) throws {
        let (t, bins, expected, valid) = Self.reference[row]
        let (fixed, moving) = try Self.fixture()
        let metric = MattesMutualInformation(
            fixed: fixed, moving: moving, samples: FixedSamples(fixed, sampling: .dense, seed: 0), bins: bins)
        let transform = ParametricTransform(kind: .translation, centerMM: .zero, from: .translation(t))
        let e = try #require(metric.evaluate(transform, gradient: false))
        #expect(e.validSamples == valid)
        #expect(abs(e.value - expected) <= 1e-9 + 1e-9 * abs(expected))
    }

    /// Two smooth blob images related by a small rigid motion, sampled at random jittered points.
    static func smoothPair() throws -> (fixed: Volume, moving: Volume) {
        let geometry = try Geometry(size: SIMD3(24, 22, 20), originMM: SIMD3(-23, -21, -19), spacingMM: SIMD3(2, 2, 2))
        var fixed = Volume(geometry: geometry)
        var moving = Volume(geometry: geometry)
        for k in 0..<20 {
            for j in 0..<22 {
                for i in 0..<24 {
                    let p = geometry.physicalPoint(ofIndex: SIMD3(i, j, k))
                    let r2 = (p * p / SIMD3(300, 220, 180)).sum()
                    let q = p - SIMD3(4, -3, 2)
                    let s2 = (q * q / SIMD3(280, 240, 200)).sum()
                    fixed[i, j, k] = Float(1000 * exp(-r2) + 300 * exp(-4 * s2))
                    moving[i, j, k] = Float(200 + 800 * exp(-1.1 * s2) - 250 * exp(-3 * r2))
                }
            }
        }
        return (fixed, moving)
    }

    @Test(arguments: RegistrationConfiguration.TransformKind.allCases)
    func analyticGradientMatchesFiniteDifferences(_ kind: RegistrationConfiguration.TransformKind) throws {
        let (fixed, moving) = try Self.smoothPair()
        let metric = MattesMutualInformation(
            fixed: fixed, moving: moving, samples: FixedSamples(fixed, sampling: .random(fraction: 0.5), seed: 7),
            bins: 32)
        let start = Imaging.AffineTransform(
            matrix: Matrix3(rows: (SIMD3(1.02, 0.03, -0.01), SIMD3(-0.02, 0.98, 0.04), SIMD3(0.01, -0.03, 1.01))),
            translationMM: SIMD3(1.3, -0.8, 0.6))
        let base: Imaging.AffineTransform =
            kind == .affine
            ? start
            : Imaging.AffineTransform(eulerAnglesRadians: SIMD3(0.05, -0.03, 0.08), translationMM: start.translationMM)
        let transform = ParametricTransform(kind: kind, centerMM: SIMD3(1, 2, -1), from: base)
        let analytic = try #require(metric.evaluate(transform, gradient: true)).gradient
        #expect(analytic.count == ParametricTransform.parameterCount(kind))
        let norm = analytic.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(norm > 1e-4)
        for k in 0..<analytic.count {
            // Linear parameters act on lever arms of ~20 mm; translations directly.
            let h = k < analytic.count - 3 ? 1e-6 : 1e-5
            var plus = transform
            var minus = transform
            plus.parameters[k] += h
            minus.parameters[k] -= h
            let numeric =
                (try #require(metric.evaluate(plus, gradient: false)).value
                    - (try #require(metric.evaluate(minus, gradient: false)).value)) / (2 * h)
            #expect(abs(analytic[k] - numeric) <= 2e-3 * norm + 1e-3 * abs(numeric), "parameter \(k)")
        }
    }

    @Test func betterAlignmentGivesLowerValue() throws {
        let (fixed, _) = try Self.smoothPair()
        let metric = MattesMutualInformation(
            fixed: fixed, moving: fixed, samples: FixedSamples(fixed, sampling: .dense, seed: 0), bins: 32)
        let aligned = try #require(
            metric.evaluate(ParametricTransform(kind: .translation, centerMM: .zero, from: .identity), gradient: false))
        let shifted = try #require(
            metric.evaluate(
                ParametricTransform(kind: .translation, centerMM: .zero, from: .translation(SIMD3(3, 0, 0))),
                gradient: false))
        #expect(aligned.value < shifted.value - 0.05)
    }
}
