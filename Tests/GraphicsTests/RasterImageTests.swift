import Foundation
import Graphics
import Imaging
import Testing

@Suite struct RasterImageTests {
    /// Known values through the window 0…100, written by cairo and read back by cairo: low → 0, high → 255, middle
    /// → 128 (halves round up), a quarter → 64 (63.75), outside values and NaN clamp.
    @Test func grayscaleWindowSurvivesAPNGRoundTrip() throws {
        let values: [Float] = [0, 100, 50, 25, -20, 300, .nan, 99.9]
        let image = RasterImage(grayscale: values, width: 4, height: 2, window: 0...100)
        let folder = try makeScratchFolder("gray")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("gray.png")
        try image.writePNG(to: url)
        let read = try RasterImage.readPNG(url)
        #expect(read.width == 4 && read.height == 2)
        let levels = (0..<2).flatMap { y in (0..<4).map { x in read[x: x, y: y] } }
        #expect(levels.map(\.red) == [0, 255, 128, 64, 0, 255, 0, 255])
        #expect(levels.allSatisfy { $0.red == $0.green && $0.green == $0.blue && $0.alpha == 255 })
        #expect(read == image)
    }

    /// An opaque grey picture is an 8-bit greyscale PNG (IHDR bit depth 8, colour type 0), as the old encoder wrote.
    @Test func grayPicturesAreGreyscalePNGs() throws {
        let gray = try RasterImage(grayscale: [0, 0.5, 1, 0.25], width: 2, height: 2, window: 0...1).pngData()
        #expect(Array(gray[12..<16]) == Array("IHDR".utf8))
        #expect(gray[24] == 8 && gray[25] == 0)
        let colour = try RasterImage(width: 2, height: 2, filledWith: .red).pngData()
        #expect(colour[24] == 8 && colour[25] == 2)  // RGB
        #expect(try RasterImage(width: 1, height: 1, filledWith: .clear).pngData()[25] == 6)  // RGBA
    }

    /// Row 0 is the top row: the first row of an Image2D is the first row of the PNG.
    @Test func rowZeroIsTheTopRow() throws {
        let slice = Image2D(width: 2, height: 3, pixels: [1, 1, 0, 0, 0, 0])
        let folder = try makeScratchFolder("rows")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("rows.png")
        try RasterImage(slice, window: 0...1).writePNG(to: url)
        let read = try RasterImage.readPNG(url)
        #expect(read[x: 0, y: 0].red == 255 && read[x: 1, y: 0].red == 255)
        #expect(read[x: 0, y: 2].red == 0)
    }

    @Test func colormapPicturesUseTheColormap() {
        let image = RasterImage(pixels: [0, 0.5, 1, 2], width: 4, height: 1, range: 0...1, colormap: .viridis)
        #expect(image[x: 0, y: 0] == RasterImage.Pixel(red: 0x44, green: 0x01, blue: 0x54))
        #expect(image[x: 2, y: 0] == RasterImage.Pixel(red: 0xFD, green: 0xE7, blue: 0x25))
        #expect(image[x: 3, y: 0] == image[x: 2, y: 0])  // clamped above the range
    }

    @Test func checkerboardAlternatesTiles() throws {
        let a = RasterImage(width: 6, height: 4, filledWith: .black)
        let b = RasterImage(width: 6, height: 4, filledWith: .white)
        let board = try RasterImage.checkerboard(a, b, tile: 2)
        for y in 0..<4 {
            for x in 0..<6 {
                let fromA = (x / 2 + y / 2) % 2 == 0
                #expect(board[x: x, y: y].red == (fromA ? 0 : 255), "(\(x), \(y))")
            }
        }
        #expect(board[x: 0, y: 0].red == 0 && board[x: 2, y: 0].red == 255 && board[x: 2, y: 2].red == 0)
        #expect(throws: GraphicsError.self) {
            try RasterImage.checkerboard(a, RasterImage(width: 5, height: 4, filledWith: .white), tile: 2)
        }
        #expect(throws: GraphicsError.self) { try RasterImage.checkerboard(a, b, tile: 0) }
    }

    @Test func blendMixesByAlpha() throws {
        let base = RasterImage(width: 1, height: 1, filledWith: .black)
        let overlay = RasterImage(width: 1, height: 1, filledWith: Color(red: 1, green: 0.5, blue: 0))
        let pixel = try RasterImage.blend(base, overlay, alpha: 0.5)[x: 0, y: 0]
        #expect(pixel == RasterImage.Pixel(red: 128, green: 64, blue: 0, alpha: 255))
        #expect(try RasterImage.blend(base, overlay, alpha: 0) == base)
        #expect(try RasterImage.blend(base, overlay, alpha: 1) == overlay)
    }

    @Test func montageKeepsTheGreyscaleTiles() {
        let tile = Image2D(width: 2, height: 1, pixels: [-1000, 2000])
        let picture = RasterImage(
            montage: [[Montage.Tile(tile, window: -1000...2000), Montage.Tile(tile, window: 0...1)]], gap: 1)
        #expect(picture.width == 5 && picture.height == 1)
        #expect((0..<5).map { picture[x: $0, y: 0].red } == [0, 255, 0, 0, 255])
    }

    @Test func readingAMissingPNGNamesThePath() {
        let url = URL(fileURLWithPath: "/nonexistent-msl/picture.png")
        #expect {
            _ = try RasterImage.readPNG(url)
        } throws: { error in
            "\(error)".contains("/nonexistent-msl/picture.png")
        }
    }
}
