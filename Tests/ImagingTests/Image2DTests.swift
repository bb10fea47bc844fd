import Testing

@testable import Imaging

@Suite struct Image2DTests {
    @Test func pixelsAreRowMajor() {
        var image = Image2D(width: 3, height: 2, pixels: [0, 1, 2, 3, 4, 5])
        #expect(image[x: 2, y: 0] == 2)
        #expect(image[x: 0, y: 1] == 3)
        image[x: 1, y: 1] = 9
        #expect(image.pixels == [0, 1, 2, 3, 9, 5])
    }
}
