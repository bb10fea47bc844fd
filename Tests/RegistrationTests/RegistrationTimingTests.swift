import Foundation
import Testing

@testable import Imaging
@testable import Registration

/// Full-resolution Colin27 (1 mm) onto itself after a 6° / 10 mm rigid motion: prints TRE and wall time for the
/// default and the authors' configuration. Off by default (minutes in debug); run in release with
/// `MSL_REGISTRATION_TIMING=1 swift test -c release --filter RegistrationTimingTests`. Never fails on time.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["MSL_REGISTRATION_TIMING"] == "1" && RegistrationTestData.available,
        "set MSL_REGISTRATION_TIMING=1 (release build) to time full-resolution registration"))
struct RegistrationTimingTests {
    @Test func colinOneMillimetreSixDegreesTenMillimetres() throws {
        let fixed = try #require(RegistrationTestData.colin)
        let angles = SIMD3(6.0, 0, 0) * .pi / 180  // 6° about x (left–right axis)
        let direction = SIMD3(1.0, -1, 1) / 3.0.squareRoot()
        let truth = Imaging.AffineTransform(
            eulerAnglesRadians: angles, translationMM: 10 * direction, centerMM: fixed.geometry.centerMM)
        // Moved grid (same voxels, geometry carried by the truth), and re-gridded (content moved by cubic
        // resampling onto the fixed grid: no exact grid coincidence at the answer, interpolation blur included).
        let movedGrid = try RegistrationTestData.moved(fixed, by: truth)
        let regridded = resample(
            fixed, onto: fixed.geometry, transform: try truth.inverted(), interpolation: .cubicBSpline)
        var fixedRate = RegistrationConfiguration.authors
        fixedRate.estimateLearningRate = false
        let variants = [
            ("default", RegistrationConfiguration(), movedGrid),
            ("default, re-gridded moving", RegistrationConfiguration(), regridded),
            ("authors", RegistrationConfiguration.authors, movedGrid),
            ("authors, η = 1 not estimated", fixedRate, movedGrid),
        ]
        for (name, config, moving) in variants {
            var times: [Double] = []
            var last: RegistrationResult?
            var guardFailure: String?
            for _ in 0..<3 {
                let clock = ContinuousClock()
                let start = clock.now
                do {
                    last = try register(fixed: fixed, moving: moving, configuration: config)
                } catch {
                    guardFailure = "\(error)"
                }
                let d = clock.now - start
                times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
            }
            if let result = last {
                let tre = RegistrationTestData.targetRegistrationError(
                    fixed: fixed, truth: truth, found: result.transform)
                print(
                    "TIMING \(name): TRE \(tre) mm, wall \(times) s, iterations \(result.levels.map(\.iterations)),",
                    "stop \(result.levels.map(\.stopReason)), metric \(result.finalMetric), quality \(result.quality)")
            } else {
                print("TIMING \(name): failed: \(guardFailure ?? "?"), wall \(times) s")
            }
        }
    }
}
