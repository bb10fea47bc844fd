import Imaging
import Testing

@testable import Physics

@Suite struct MRAcquisitionTests {
    static func fixtureAcquisition(noise: Bool = false) throws -> (MRAcquisition, Image2D) {
        let zf = try MRFixture.values().zeroFilled
        let mask = try KSpaceMask(
            kind: .authors, width: zf.width, height: zf.height, acceleration: zf.acceleration,
            centerFraction: zf.centerFraction, seed: zf.seed)
        #expect(mask.sampledColumns == zf.columns)
        let acquisition = try MRAcquisition(
            mask: mask, noiseSigma: noise ? zf.noiseSigma : 0, noiseSeed: noise ? zf.noiseSeed : 0)
        let image = Image2D(
            width: zf.width, height: zf.height, pixels: try MRFixture.floats("zf_input"), spacingMM: SIMD2(0.9, 1.1))
        return (acquisition, image)
    }

    @Test func kSpaceAndZeroFilledImageMatchTheAuthorsModel() throws {
        let (acquisition, image) = try Self.fixtureAcquisition()
        let kSpace = try acquisition.kSpace(of: image)
        MRFixture.expectClose(kSpace.values, try MRFixture.floats("zf_kspace"), rtol: 1e-5, atol: 1e-4, "k-space")
        for (i, sampled) in acquisition.mask.samples.enumerated() where !sampled {
            #expect(kSpace.values[2 * i] == 0 && kSpace.values[2 * i + 1] == 0)
        }
        let zeroFilled = try acquisition.zeroFilledImage(of: image)
        MRFixture.expectClose(zeroFilled.pixels, try MRFixture.floats("zf_image"), atol: 1e-5, "zero-filled")
        #expect(zeroFilled.spacingMM == image.spacingMM)
    }

    @Test func noiseMatchesNumpyAndIsSeeded() throws {
        let (acquisition, image) = try Self.fixtureAcquisition(noise: true)
        let zeroFilled = try acquisition.zeroFilledImage(of: image)
        MRFixture.expectClose(
            zeroFilled.pixels, try MRFixture.floats("zf_noisy_image"), atol: 1e-5, "noisy zero-filled")
        #expect(try acquisition.kSpace(of: image) == acquisition.kSpace(of: image))
        var other = acquisition
        other.noiseSeed += 1
        #expect(try other.kSpace(of: image) != acquisition.kSpace(of: image))
        let clean = try Self.fixtureAcquisition().0.kSpace(of: image)
        let noisy = try acquisition.kSpace(of: image)
        for (i, sampled) in acquisition.mask.samples.enumerated() where !sampled {
            #expect(noisy.values[2 * i] == 0 && noisy.values[2 * i + 1] == 0 && clean.values[2 * i] == 0)
        }
    }

    @Test func fullySampledAcquisitionReconstructsTheImage() throws {
        let mask = try KSpaceMask(width: 16, height: 12, acceleration: 1, centerFraction: 0, seed: 1)
        #expect(mask.sampledCount == 16 * 12)
        let image = Image2D(width: 16, height: 12, pixels: (0..<192).map { Float(($0 * 37) % 17) / 17 })
        let zeroFilled = try MRAcquisition(mask: mask).zeroFilledImage(of: image)
        MRFixture.expectClose(zeroFilled.pixels, image.pixels, atol: 1e-5, "fully sampled")
    }

    @Test func dataConsistencyRestoresMeasuredSamplesOnly() throws {
        let (acquisition, image) = try Self.fixtureAcquisition(noise: true)
        let measured = try acquisition.kSpace(of: image)
        let estimate = FFTTests.randomComplex(width: image.width, height: image.height, seed: 99)
        let consistent = try MRAcquisition.enforceDataConsistency(estimate, measured: measured, mask: acquisition.mask)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let expected = acquisition.mask[x: x, y: y] ? measured[x: x, y: y] : estimate[x: x, y: y]
                #expect(consistent[x: x, y: y] == expected)
            }
        }
        let twice = try MRAcquisition.enforceDataConsistency(consistent, measured: measured, mask: acquisition.mask)
        #expect(twice == consistent)
    }

    @Test func mismatchedSizesAndNegativeNoiseThrow() throws {
        let (acquisition, _) = try Self.fixtureAcquisition()
        #expect(throws: PhysicsError.self) { try acquisition.kSpace(of: Image2D(width: 20, height: 24)) }
        #expect(throws: PhysicsError.self) {
            try MRAcquisition.enforceDataConsistency(
                ComplexImage(width: 24, height: 20), measured: ComplexImage(width: 4, height: 4), mask: acquisition.mask
            )
        }
        #expect(throws: PhysicsError.self) { try MRAcquisition(mask: acquisition.mask, noiseSigma: -1) }
    }
}
