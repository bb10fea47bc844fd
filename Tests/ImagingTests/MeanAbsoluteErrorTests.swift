import Testing

@testable import Imaging

@Suite struct MeanAbsoluteErrorTests {
    @Test func meanOfAbsoluteDifferences() throws {
        let x = Image2D(width: 2, height: 2, pixels: [0, 1, 0.5, 0.25])
        let y = Image2D(width: 2, height: 2, pixels: [0.5, 0, 0.5, 1])
        #expect(isClose(try MeanAbsoluteError().measure(x, y), (0.5 + 1 + 0 + 0.75) / 4, rtol: 1e-12))
        #expect(isClose(try MeanAbsoluteError().measure(x, y, mask: [true, false, false, true]), 0.625, rtol: 1e-12))
        #expect(try MeanAbsoluteError().measure(x, x) == 0)
    }

    @Test func rejectsMismatchedSizesAndEmptyMasks() {
        let x = Image2D(width: 2, height: 2, repeating: 0)
        #expect(throws: ImagingError.self) {
            try MeanAbsoluteError().measure(x, Image2D(width: 2, height: 1, repeating: 0))
        }
        #expect(throws: ImagingError.emptyMask) {
            try MeanAbsoluteError().measure(x, x, mask: [false, false, false, false])
        }
        #expect(throws: ImagingError.self) { try MeanAbsoluteError().measure(x, x, mask: [true]) }
    }
}
