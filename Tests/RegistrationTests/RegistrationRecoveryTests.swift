import Foundation
import Testing

@testable import Imaging
@testable import Registration

/// Known-transform recovery on downsampled real heads (4 mm grids keep debug runs short; the 1 mm timing is
/// `RegistrationTimingTests`, off by default).
@Suite(.enabled(if: RegistrationTestData.available, "needs mricron-data and shared/data/templates"))
struct RegistrationRecoveryTests {
    /// The default pipeline scaled to a 4 mm input: shrink 2/1 (8 mm, 4 mm), smoothing 4/0 mm.
    static var fourMillimetre: RegistrationConfiguration {
        var c = RegistrationConfiguration()
        c.shrinkFactors = [2, 1]
        c.smoothingSigmasMM = [4, 0]
        c.sampling = [.dense, .random(fraction: 0.3)]
        c.learningRates = [2, 0.5]
        c.maximumIterations = [100, 60]
        return c
    }

    static let seeds: [UInt64] = [11, 12, 13]

    @Test(arguments: seeds) func rigidRecoversSeededRandomMotion(seed: UInt64) throws {
        let fixed = try #require(RegistrationTestData.colin4mm)
        let truth = RegistrationTestData.randomRigid(
            seed: seed, maximumDegrees: 10, maximumMM: 15, center: fixed.geometry.centerMM)
        let moving = try RegistrationTestData.moved(fixed, by: truth)
        let result = try register(fixed: fixed, moving: moving, configuration: Self.fourMillimetre)
        let before = RegistrationTestData.targetRegistrationError(
            fixed: fixed, truth: truth,
            found: .translation(moving.geometry.centerMM - fixed.geometry.centerMM))
        let tre = RegistrationTestData.targetRegistrationError(fixed: fixed, truth: truth, found: result.transform)
        #expect(before > 3, "the motion is not trivial")
        #expect(tre < 1, "TRE \(tre) mm (before \(before) mm), levels \(result.levels)")
        #expect(result.quality.passed)
        #expect(result.quality.diceAfter > result.quality.diceBefore)
        #expect(
            result.metricHistory.count
                == result.levels.reduce(0) { $0 + $1.iterations + ($1.stopReason == .maximumIterations ? 0 : 1) })
        #expect(result.resampledMoving.geometry == fixed.geometry)
    }

    @Test func affineStaysWithinOneMillimetreOfTheRigidTruth() throws {
        let fixed = try #require(RegistrationTestData.colin4mm)
        let truth = RegistrationTestData.randomRigid(
            seed: 21, maximumDegrees: 6, maximumMM: 10, center: fixed.geometry.centerMM)
        let moving = try RegistrationTestData.moved(fixed, by: truth)
        var config = Self.fourMillimetre
        config.transform = .affine
        let result = try register(fixed: fixed, moving: moving, configuration: config)
        let tre = RegistrationTestData.targetRegistrationError(fixed: fixed, truth: truth, found: result.transform)
        #expect(result.parameters.count == 12)
        #expect(tre < 1, "TRE \(tre) mm, levels \(result.levels)")
    }

    @Test func ctTemplateOntoColinRecoversAKnownOffset() throws {
        // Both templates are in MNI space, so identity is the truth before the offset; the two templates agree
        // only to about 2 mm (registering them without offset lands ~2 mm from identity for any bin count or
        // initialisation), so the offset must be undone to within 1 mm of that no-offset answer.
        let colin = try #require(RegistrationTestData.colin4mm)
        let ct = try #require(RegistrationTestData.ctTemplate)
        let fixed = try ImagePyramid.shrink(ct, by: 2)  // 4 mm
        var config = Self.fourMillimetre
        config.initialization = .identity
        // Two 4 mm grids of nearly the same spacing give trilinear partial-volume ripples in MI; smoothing the
        // finest level by 2 mm and 32 bins make the multi-modal optimum well defined.
        config.smoothingSigmasMM = [4, 2]
        config.histogramBins = 32
        let reference = try register(fixed: fixed, moving: colin, configuration: config)
        let offset = Imaging.AffineTransform(
            eulerAnglesRadians: SIMD3(4, -3, 5) * .pi / 180, translationMM: SIMD3(8, -6, 5),
            centerMM: fixed.geometry.centerMM)
        let moving = try RegistrationTestData.moved(colin, by: offset)
        let result = try register(fixed: fixed, moving: moving, configuration: config)
        let before = RegistrationTestData.targetRegistrationError(fixed: fixed, truth: offset, found: .identity)
        let tre = RegistrationTestData.targetRegistrationError(fixed: fixed, truth: offset, found: result.transform)
        let consistency = RegistrationTestData.targetRegistrationError(
            fixed: fixed, truth: offset.composed(after: reference.transform), found: result.transform)
        let templateMismatch = RegistrationTestData.targetRegistrationError(
            fixed: fixed, truth: .identity, found: reference.transform)
        #expect(before > 10)
        #expect(templateMismatch < 3, "the templates' own misalignment \(templateMismatch) mm")
        #expect(tre < 3, "TRE \(tre) mm (before \(before) mm), levels \(result.levels)")
        #expect(consistency < 1, "offset recovered to \(consistency) mm of the no-offset answer")
        #expect(result.quality.passed)
    }

    @Test func sameSeedGivesIdenticalResults() throws {
        let fixed = try #require(RegistrationTestData.colin4mm)
        let truth = RegistrationTestData.randomRigid(
            seed: 5, maximumDegrees: 5, maximumMM: 8, center: fixed.geometry.centerMM)
        let moving = try RegistrationTestData.moved(fixed, by: truth)
        var config = Self.fourMillimetre
        config.sampling = [.random(fraction: 0.3), .random(fraction: 0.1)]
        config.maximumIterations = [40, 20]
        let a = try register(fixed: fixed, moving: moving, configuration: config)
        let b = try register(fixed: fixed, moving: moving, configuration: config)
        config.seed += 1
        let c = try register(fixed: fixed, moving: moving, configuration: config)
        #expect(a.parameters == b.parameters)
        #expect(a.metricHistory == b.metricHistory)
        #expect(a.resampledMoving.voxels == b.resampledMoving.voxels)
        #expect(a.parameters != c.parameters)
    }

    @Test func authorsPresetHoldsThePublishedSettings() throws {
        let preset = RegistrationConfiguration.authors
        #expect(preset.histogramBins == 100)
        #expect(preset.transform == .rigid)
        #expect(preset.optimizer == .gradientDescent && preset.estimateLearningRate)
        #expect(preset.learningRates == [1, 1, 1] && preset.maximumIterations == [100, 100, 100])
        #expect(preset.shrinkFactors == [4, 2, 1] && preset.smoothingSigmasMM == [2, 1, 0])
        #expect(preset.sampling.allSatisfy { $0 == .random(fraction: 0.01) })
        #expect(preset.problems.isEmpty)
        let accurate = RegistrationConfiguration()
        #expect(accurate.histogramBins == 50)
        #expect(accurate.optimizer == .regularStepGradientDescent)
        #expect(accurate.problems.isEmpty)
        let decoded = try JSONDecoder().decode(RegistrationConfiguration.self, from: JSONEncoder().encode(preset))
        #expect(decoded == preset)
    }

    /// SimpleITK's `estimateLearningRate=Once`: the first plain-gradient step moves the fixed domain's corners by
    /// the level's minimum spacing (exactly to first order; rotation adds about r·θ²/2).
    @Test func plainGradientDescentFirstStepMovesCornersByOneVoxel() throws {
        let fixed = try #require(RegistrationTestData.colin4mm)
        let truth = RegistrationTestData.randomRigid(
            seed: 3, maximumDegrees: 3, maximumMM: 4, center: fixed.geometry.centerMM)
        let moving = try RegistrationTestData.moved(fixed, by: truth)
        var config = RegistrationConfiguration.authors
        config.shrinkFactors = [1]
        config.smoothingSigmasMM = [0]
        config.sampling = [.random(fraction: 0.05)]
        config.learningRates = [1]
        config.maximumIterations = [1]
        config.initialization = .identity
        config.qualityGuard.enabled = false
        let result = try register(fixed: fixed, moving: moving, configuration: config)
        #expect(result.iterations == 1)
        let shift =
            cornerPoints(fixed.geometry).map { p in
                let d = result.transform.apply(to: p) - p
                return (d * d).sum().squareRoot()
            }.max() ?? 0
        #expect(abs(shift - 4) < 0.25, "first step moved corners by \(shift) mm")
    }
}
