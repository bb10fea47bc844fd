import Foundation
import Testing

@testable import Imaging

@Suite struct MutualInformationTests {
    @Test func identicalImagesShareAllInformation() throws {
        // Four equally likely levels: H = ln 4, MI = H, NMI = 2.
        let x = Image2D(width: 4, height: 2, pixels: [0, 1, 2, 3, 3, 2, 1, 0])
        let e = try MutualInformation(bins: 4).entropies(x, x)
        #expect(isClose(e.a, log(4), rtol: 1e-12) && isClose(e.joint, log(4), rtol: 1e-12))
        #expect(isClose(e.mutualInformation, log(4), rtol: 1e-12))
        #expect(isClose(e.normalizedMutualInformation, 2, rtol: 1e-12))
    }

    @Test func independentImagesShareNone() throws {
        // x takes two levels along rows, y two levels along columns: p(a,b) = p(a)p(b).
        let x = Image2D(width: 2, height: 2, pixels: [0, 0, 1, 1])
        let y = Image2D(width: 2, height: 2, pixels: [0, 1, 0, 1])
        let e = try MutualInformation(bins: 2).entropies(x, y)
        #expect(abs(e.mutualInformation) < 1e-12)
        #expect(isClose(e.normalizedMutualInformation, 1, rtol: 1e-12))
    }

    @Test func constantImagesUseNumpysUnitRangeAndNmiOne() throws {
        let x = Image2D(width: 3, height: 3, repeating: 0.7)
        let metric = MutualInformation()
        #expect(metric.binIndices(x.pixels, at: Array(0..<9)) == Array(repeating: 128, count: 9))
        #expect(try metric.measure(x, x) == 0)
        #expect(try metric.normalized(x, x) == 1)
    }

    @Test func binningFollowsNumpyEdges() {
        // Edges 0, 0.25, 0.5, 0.75, 1: a value on an edge goes right, the maximum into the last bin;
        // a fixed range clamps values outside it.
        let pixels: [Float] = [0, 0.25, 0.4999, 0.5, 0.75, 1]
        #expect(MutualInformation(bins: 4).binIndices(pixels, at: Array(0..<6)) == [0, 1, 1, 2, 3, 3])
        let fixed = MutualInformation(bins: 4, range: .fixed(lower: 0, upper: 0.5))
        #expect(fixed.binIndices(pixels, at: Array(0..<6)) == [0, 2, 3, 3, 3, 3])
    }

    @Test func rejectsBadInput() {
        let x = Image2D(width: 2, height: 2, repeating: 0)
        #expect(throws: ImagingError.self) {
            try MutualInformation().measure(x, Image2D(width: 1, height: 2, repeating: 0))
        }
        #expect(throws: ImagingError.self) { try MutualInformation(bins: 0).measure(x, x) }
        #expect(throws: ImagingError.self) { try MutualInformation(range: .fixed(lower: 1, upper: 0)).measure(x, x) }
    }
}
