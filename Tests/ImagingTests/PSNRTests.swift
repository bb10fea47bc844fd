import Testing

@testable import Imaging

@Suite struct PSNRTests {
    @Test func tenLogOfPeakSquaredOverMSE() throws {
        let x = Image2D(width: 4, height: 3, repeating: 0.2)
        let y = Image2D(width: 4, height: 3, repeating: 0.3)
        // MSE = 0.01 (to Float rounding), peak 1 → 20 dB; peak 2 → 20 + 20·log10 2.
        #expect(isClose(try PSNR().measure(x, y), 20, rtol: 1e-5))
        #expect(isClose(try PSNR(peak: 2).measure(x, y), 20 + 20 * 0.30102999566398120, rtol: 1e-5))
    }

    @Test func identicalImagesGiveInfinity() throws {
        let x = Image2D(width: 3, height: 3, pixels: (0..<9).map { Float($0) / 9 })
        #expect(try PSNR().measure(x, x) == .infinity)
    }

    @Test func rejectsBadInput() {
        let x = Image2D(width: 3, height: 3, repeating: 0)
        #expect(throws: ImagingError.self) { try PSNR().measure(x, Image2D(width: 3, height: 2, repeating: 0)) }
        #expect(throws: ImagingError.self) { try PSNR(peak: 0).measure(x, x) }
    }
}
