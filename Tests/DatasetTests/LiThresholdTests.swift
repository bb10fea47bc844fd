import Testing

@testable import Dataset

@Suite struct LiThresholdTests {
    @Test func fixturesArePresent() {
        #expect(DatasetFixtures.li.count == 8)
        #expect(DatasetFixtures.fill.count == 10)
    }

    @Test(arguments: DatasetFixtures.li)
    func matchesScikitImage(_ golden: DatasetFixtures.LiCase) {
        #expect(golden.pixels.count == golden.width * golden.height)
        let threshold = LiThreshold.threshold(of: golden.pixels)
        #expect(isClose(threshold, golden.threshold, rtol: 1e-4, atol: 1e-9), "\(golden.name): \(threshold)")
    }

    @Test func constantImageReturnsItsValueSoNothingIsForeground() {
        let pixels = [Float](repeating: 3.25, count: 12)
        let threshold = LiThreshold.threshold(of: pixels)
        #expect(threshold == 3.25)
        #expect(!pixels.contains { Double($0) > threshold })
    }

    @Test func nanAndInfinityAreHandledAsScikitImage() {
        #expect(LiThreshold.threshold(of: [Float]()).isNaN)
        #expect(LiThreshold.threshold(of: [Float.nan, .nan]).isNaN)
        #expect(LiThreshold.threshold(of: [Float.infinity, .infinity]) == .infinity)
        #expect(LiThreshold.threshold(of: [Float.infinity, -.infinity]) == 0)
        // NaN pixels are dropped before thresholding.
        let clean: [Float] = [0, 1, 2, 10, 11, 12]
        #expect(LiThreshold.threshold(of: clean + [.nan]) == LiThreshold.threshold(of: clean))
    }

    @Test func shiftInvariant() {
        let pixels: [Float] = [0, 1, 2, 3, 20, 21, 22, 25, 26]
        let base = LiThreshold.threshold(of: pixels)
        let shifted = LiThreshold.threshold(of: pixels.map { $0 - 500 })
        #expect(isClose(shifted, base - 500, rtol: 0, atol: 1e-9))
    }
}
