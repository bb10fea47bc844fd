import DICOM
import Foundation
import Imaging
import Testing

@testable import Registration

/// Known-transform recovery on the real oblique T1 DICOM series: read through the DICOM stack,
/// block-averaged to 4 mm, resampled through a seeded rigid offset (a real re-gridding, not a
/// moved header), and registered back.
@Suite struct RegistrationDICOMTests {
    static let series = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/dicom/mr-head-t1-oblique").path

    @Test(arguments: [UInt64(21), 22])
    func rigidOffsetOfTheRealT1IsRecovered(seed: UInt64) throws {
        let scan = try DirectoryScanner().scan(Self.series)
        let subSeries = try #require(SeriesIndex.build(from: scan.instances).allSubSeries.first)
        let full = try SeriesLoader().load(subSeries).volume
        let fixed = try ImagePyramid.shrink(full, by: 6)  // 0.67–0.70 mm → about 4 mm
        let size = fixed.geometry.size
        let centre = fixed.geometry.physicalPoint(
            ofContinuousIndex: SIMD3(Double(size.x - 1) / 2, Double(size.y - 1) / 2, Double(size.z - 1) / 2))

        var generator = SplitMix(seed: seed)
        let angles = SIMD3(generator.uniform(10), generator.uniform(10), generator.uniform(10)) * (.pi / 180)
        let shift = SIMD3(generator.uniform(15), generator.uniform(15), generator.uniform(15))
        let offset = Imaging.AffineTransform(eulerAnglesRadians: angles, translationMM: shift, centerMM: centre)
        let moving = resample(fixed, onto: fixed.geometry, transform: offset, interpolation: .linear, fill: 0)
        let truth = try offset.inverted()  // fixed → moving

        var configuration = RegistrationConfiguration()
        configuration.shrinkFactors = [2, 1]
        configuration.smoothingSigmasMM = [4, 0]
        configuration.sampling = [.dense, .random(fraction: 0.3)]
        configuration.learningRates = [2, 0.5]
        configuration.maximumIterations = [100, 60]
        let result = try register(fixed: fixed, moving: moving, configuration: configuration)

        // TRE over head voxels (above a tenth of the maximum), away from the border the offset emptied.
        let threshold = (fixed.voxels.max() ?? 0) / 10
        var (sum, count, before) = (0.0, 0, 0.0)
        for k in 2..<(size.z - 2) { for j in 2..<(size.y - 2) { for i in 2..<(size.x - 2) where fixed[i, j, k] > threshold {
            let p = fixed.geometry.physicalPoint(ofIndex: SIMD3(i, j, k))
            let d = result.transform.apply(to: p) - truth.apply(to: p)
            let b = p - truth.apply(to: p)
            sum += (d * d).sum().squareRoot()
            before += (b * b).sum().squareRoot()
            count += 1
        } } }
        let tre = sum / Double(count)
        #expect(before / Double(count) > 5, "the offset is not trivial")
        #expect(tre < 1, "TRE \(tre) mm on \(count) head voxels; levels \(result.levels)")
    }
}

/// SplitMix64, for a seeded offset independent of the library's generators.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [−bound, bound).
    mutating func uniform(_ bound: Double) -> Double { (Double(next() >> 11) / 9_007_199_254_740_992 * 2 - 1) * bound }
}
