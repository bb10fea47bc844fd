/// A grid of images in one picture, each tile windowed to [0, 1] (0 below the window, 1 above) and
/// centred in a cell the size of the largest tile; gaps and padding are 0 (black). Pure pixels: the picture
/// is turned into a PNG by the `Graphics` target (`RasterImage(montage:gap:)`, or `RasterImage(_:window: 0...1)`
/// of this grid), which writes it with cairo; Imaging itself encodes no image formats.
public enum Montage {
    /// One tile: an image and the value window shown as black…white.
    public struct Tile: Sendable {
        public var image: Image2D
        public var window: ClosedRange<Float>
        public init(_ image: Image2D, window: ClosedRange<Float>) {
            self.image = image
            self.window = window
        }
    }

    /// Rows of tiles (rows may differ in length) with `gap` pixels between cells.
    public static func grid(_ rows: [[Tile]], gap: Int = 2) -> Image2D {
        let tiles = rows.flatMap { $0 }
        let cellWidth = tiles.map(\.image.width).max() ?? 0
        let cellHeight = tiles.map(\.image.height).max() ?? 0
        let columns = rows.map(\.count).max() ?? 0
        let width = max(0, columns * cellWidth + (columns - 1) * gap)
        let height = max(0, rows.count * cellHeight + (rows.count - 1) * gap)
        var pixels = [Float](repeating: 0, count: width * height)
        for (r, row) in rows.enumerated() {
            for (c, tile) in row.enumerated() {
                let image = tile.image
                let x0 = c * (cellWidth + gap) + (cellWidth - image.width) / 2
                let y0 = r * (cellHeight + gap) + (cellHeight - image.height) / 2
                let low = tile.window.lowerBound
                let span = max(tile.window.upperBound - low, .leastNormalMagnitude)
                for y in 0..<image.height {
                    for x in 0..<image.width {
                        let v = (image.pixels[y * image.width + x] - low) / span
                        pixels[(y0 + y) * width + x0 + x] = v.isNaN ? 0 : min(1, max(0, v))
                    }
                }
            }
        }
        return Image2D(width: width, height: height, pixels: pixels)
    }
}
