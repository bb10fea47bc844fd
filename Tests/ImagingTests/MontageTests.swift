import Testing

@testable import Imaging

@Suite struct MontageTests {
    /// Tiles are windowed to [0, 1] each by its own window and centred in cells the size of the largest tile,
    /// with black gaps and padding.
    @Test func tilesAreWindowedAndCentred() {
        let big = Image2D(width: 3, height: 3, pixels: [0, 50, 100, 100, 100, 100, -10, 0, 200])
        let small = Image2D(width: 1, height: 1, pixels: [7])
        let grid = Montage.grid([[Montage.Tile(big, window: 0...100), Montage.Tile(small, window: 0...14)]], gap: 1)
        #expect(grid.width == 7 && grid.height == 3)
        #expect(Array(grid.pixels[0..<7]) == [0, 0.5, 1, 0, 0, 0, 0])  // row 0: big tile, gap, empty padding
        #expect(Array(grid.pixels[7..<14]) == [1, 1, 1, 0, 0, 0.5, 0])  // row 1: the small tile in its cell's centre
        #expect(Array(grid.pixels[14..<21]) == [0, 0, 1, 0, 0, 0, 0])  // clamped below and above the window
    }

    @Test func rowsMayDifferInLength() {
        let tile = Montage.Tile(Image2D(width: 2, height: 2, repeating: 1), window: 0...1)
        let grid = Montage.grid([[tile, tile], [tile]], gap: 2)
        #expect(grid.width == 6 && grid.height == 6)
        #expect(grid[x: 4, y: 4] == 0 && grid[x: 0, y: 4] == 1)
    }
}
