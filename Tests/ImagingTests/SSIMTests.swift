import Testing

@testable import Imaging

@Suite struct SSIMTests {
    static func ramp(_ width: Int, _ height: Int) -> Image2D {
        Image2D(width: width, height: height, pixels: (0..<width * height).map { Float($0 % width) / Float(width) })
    }

    @Test func defaultsFollowDesign() {
        let ssim = SSIM()
        #expect(ssim.windowSize == 11)
        #expect(ssim.dataRange == 1 && ssim.sigma == 1.5 && ssim.k1 == 0.01 && ssim.k2 == 0.03)
    }

    @Test func identicalImagesScoreOne() throws {
        let x = Self.ramp(16, 12)
        #expect(isClose(try SSIM().measure(x, x), 1, rtol: 1e-12))
    }

    @Test func constantShiftScoresTheLuminanceTerm() throws {
        // Constant images: σ = 0 everywhere, so SSIM = (2·a·b + C1)/(a² + b² + C1) exactly.
        let (a, b) = (0.5, 0.25)
        let x = Image2D(width: 12, height: 11, repeating: Float(a))
        let y = Image2D(width: 12, height: 11, repeating: Float(b))
        let c1 = 0.01 * 0.01
        #expect(isClose(try SSIM().measure(x, y), (2 * a * b + c1) / (a * a + b * b + c1), rtol: 1e-9))
    }

    @Test func mapHasTheImageGrid() throws {
        let x = Self.ramp(13, 11)
        let map = try SSIM().map(x, x)
        #expect(map.width == 13 && map.height == 11)
        #expect(map.pixels.allSatisfy { abs($0 - 1) < 1e-6 })
    }

    @Test func rejectsSmallOrMismatchedImages() {
        #expect(throws: ImagingError.self) { try SSIM().measure(Self.ramp(10, 20), Self.ramp(10, 20)) }
        #expect(throws: ImagingError.self) { try SSIM().measure(Self.ramp(12, 12), Self.ramp(12, 13)) }
        // A mask that only selects the cropped border leaves nothing to average.
        let mask = (0..<144).map { $0 < 12 }
        #expect(throws: ImagingError.emptyMask) { try SSIM().measure(Self.ramp(12, 12), Self.ramp(12, 12), mask: mask) }
    }
}
