/// A captioned grid of titled image tiles, as a `Figure` (so the same montage goes into a PDF page and a PNG):
/// the report's per-slice montages and the evaluation's per-experiment montages.
public struct TiledMontage: Sendable {
    /// One labelled tile.
    public struct Tile: Sendable {
        public let title: String
        public let image: RasterImage

        public init(title: String, image: RasterImage) {
            self.title = title
            self.image = image
        }
    }

    public var caption: String
    public var tiles: [Tile]
    /// Tiles per row.
    public var columns: Int

    public init(caption: String, tiles: [Tile], columns: Int = 4) {
        self.caption = caption
        self.tiles = tiles
        self.columns = max(1, columns)
    }

    /// Rows needed for the tiles.
    public var rows: Int { (tiles.count + columns - 1) / columns }

    /// The caption on top, then the tiles in reading order, each square cell titled above its image.
    public var figure: Figure {
        { canvas, rect in
            canvas.text(caption, at: Point(x: rect.minX, y: rect.minY + 12), size: 11, bold: true)
            let cell = min(rect.width / Double(columns), (rect.height - 20) / Double(max(rows, 1)))
            for (i, tile) in tiles.enumerated() {
                let x = rect.minX + Double(i % columns) * cell
                let y = rect.minY + 20 + Double(i / columns) * cell
                canvas.text(tile.title, at: Point(x: x + 2, y: y + 9), size: 7.5)
                _ = canvas.image(tile.image, in: Rect(x: x + 2, y: y + 12, width: cell - 4, height: cell - 14))
            }
        }
    }
}
