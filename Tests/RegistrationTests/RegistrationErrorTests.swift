import Foundation
import Testing

@testable import Imaging
@testable import Registration

@Suite struct RegistrationErrorTests {
    static func blob(size: Int = 16, center: SIMD3<Double> = .zero) throws -> Volume {
        let geometry = try Geometry(
            size: SIMD3(repeating: size), originMM: SIMD3(repeating: -Double(size - 1)), spacingMM: SIMD3(2, 2, 2))
        var volume = Volume(geometry: geometry)
        for k in 0..<size {
            for j in 0..<size {
                for i in 0..<size {
                    let p = geometry.physicalPoint(ofIndex: SIMD3(i, j, k)) - center
                    volume[i, j, k] = Float(1000 * exp(-(p * p).sum() / 150))
                }
            }
        }
        return volume
    }

    static var small: RegistrationConfiguration {
        var c = RegistrationConfiguration()
        c.shrinkFactors = [1]
        c.smoothingSigmasMM = [0]
        c.sampling = [.dense]
        c.learningRates = [1]
        c.maximumIterations = [20]
        return c
    }

    @Test func constantImageFailsClearly() throws {
        let fixed = try Self.blob()
        let constant = Volume(geometry: fixed.geometry, repeating: 7)
        #expect(throws: RegistrationError.constantImage(which: "moving", value: 7)) {
            try register(fixed: fixed, moving: constant, configuration: Self.small)
        }
        #expect(throws: RegistrationError.constantImage(which: "fixed", value: 7)) {
            try register(fixed: constant, moving: fixed, configuration: Self.small)
        }
    }

    @Test func emptyOrTinyImageFailsClearly() throws {
        let tiny = try Volume(geometry: Geometry(size: SIMD3(1, 1, 1)), voxels: [3])
        let fixed = try Self.blob()
        #expect(throws: RegistrationError.constantImage(which: "moving", value: 3)) {
            try register(fixed: fixed, moving: tiny, configuration: Self.small)
        }
        let flat = try Volume(geometry: Geometry(size: SIMD3(16, 16, 2)), voxels: (0..<512).map { Float($0) })
        #expect(throws: RegistrationError.imageTooSmall(which: "moving (level 0)", size: [16, 16, 2], minimum: 4)) {
            try register(fixed: fixed, moving: flat, configuration: Self.small)
        }
        var pyramid = Self.small
        pyramid.shrinkFactors = [8]
        #expect(throws: RegistrationError.imageTooSmall(which: "fixed (level 0)", size: [2, 2, 2], minimum: 4)) {
            try register(fixed: fixed, moving: fixed, configuration: pyramid)
        }
    }

    @Test func nonFiniteImageFailsClearly() throws {
        var fixed = try Self.blob()
        fixed[3, 4, 5] = .nan
        #expect(throws: RegistrationError.nonFiniteIntensity(which: "fixed")) {
            try register(fixed: fixed, moving: Self.blob(), configuration: Self.small)
        }
    }

    @Test func disjointImagesFailWithNoOverlap() throws {
        let fixed = try Self.blob()
        let far = try Volume(
            geometry: Geometry(size: fixed.size, originMM: SIMD3(500, 0, 0), spacingMM: SIMD3(2, 2, 2)),
            voxels: fixed.voxels)
        var config = Self.small
        config.initialization = .identity
        #expect(throws: RegistrationError.insufficientOverlap(level: 0, validSamples: 0, required: 500)) {
            try register(fixed: fixed, moving: far, configuration: config)
        }
    }

    @Test func invalidConfigurationListsEveryProblem() throws {
        var config = RegistrationConfiguration()
        config.histogramBins = 3
        config.smoothingSigmasMM = [1]
        config.sampling = [.dense, .random(fraction: 1.5), .dense]
        config.relaxationFactor = 1
        do {
            try config.validate()
            Issue.record("an invalid configuration validated")
        } catch RegistrationError.invalidConfiguration(let problems) {
            #expect(problems.count == 4, "\(problems)")
        }
        let fixed = try Self.blob()
        #expect(throws: RegistrationError.self) { try register(fixed: fixed, moving: fixed, configuration: config) }
    }

    @Test func qualityGuardRejectsAFailedRegistration() throws {
        // Two blobs 8 mm apart, but the optimiser may take one tiny step only: the outlines stay apart.
        let fixed = try Self.blob()
        let moving = try Self.blob(center: SIMD3(8, 0, 0))
        var config = Self.small
        config.initialization = .identity
        config.maximumIterations = [1]
        config.learningRates = [0.01]
        config.qualityGuard.minimumDiceAfter = 0.9
        do {
            _ = try register(fixed: fixed, moving: moving, configuration: config)
            Issue.record("the guard passed a failed registration")
        } catch RegistrationError.qualityCheckFailed(let reasons) {
            #expect(reasons.contains { $0.contains("Dice") }, "\(reasons)")
        }
        config.qualityGuard.enabled = false
        let result = try register(fixed: fixed, moving: moving, configuration: config)
        #expect(!result.quality.passed)
        #expect(result.quality.diceAfter < 0.9)
        // Given room, the same pair registers and passes.
        config.qualityGuard.enabled = true
        config.maximumIterations = [100]
        config.learningRates = [2]
        let good = try register(fixed: fixed, moving: moving, configuration: config)
        #expect(good.quality.passed)
        #expect(abs(good.transform.offsetMM.x - 8) < 0.5, "\(good.transform)")
        #expect(good.matrix4x4.count == 16 && good.matrix4x4[3] == good.transform.offsetMM.x)
    }
}
