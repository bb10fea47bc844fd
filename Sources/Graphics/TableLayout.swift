/// A table of text for reports (metrics per series, settings, provenance): a bold header on a grey band, then
/// rows separated by thin rules. Cells wrap at word boundaries within their column.
///
/// Column widths are proportional to each column's widest content (header or cell, measured in DejaVu Sans at
/// `fontSize`), scaled to the width drawn into, so a table fills its rectangle. A table taller than the space left
/// on a page is split by the caller: `rowsFitting(height:width:)` says how many rows fit with the header, `rows(_:)`
/// makes the part for this page (keeping the full table's column widths, so the columns line up page after page)
/// and the rest for the next.
public struct TableLayout: Sendable {
    /// Column titles; their count is the number of columns.
    public var header: [String]
    /// Body rows; a row with fewer cells than the header is padded with empty cells, extra cells are ignored.
    public var rows: [[String]]
    /// Alignment per column (numbers read best right-aligned); missing entries are `.left`.
    public var alignments: [TextAlignment]
    /// Font size in canvas units.
    public var fontSize: Double
    /// Relative column widths, or nil to derive them from the content when drawn.
    public var columnWeights: [Double]?

    /// A table; `alignments` and `columnWeights` are optional.
    public init(
        header: [String], rows: [[String]], alignments: [TextAlignment] = [], fontSize: Double = 9,
        columnWeights: [Double]? = nil
    ) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
        self.fontSize = fontSize
        self.columnWeights = columnWeights
    }

    /// Empty space left and right of a cell's text.
    var horizontalPadding: Double { fontSize * 0.4 }
    /// Empty space above and below a cell's text.
    var verticalPadding: Double { fontSize * 0.3 }

    /// The height of the header plus every row when drawn `width` wide.
    public func height(width: Double) -> Double {
        guard let canvas = try? Canvas.measuring() else { return 0 }
        return height(width: width, on: canvas)
    }

    /// The height of the header plus every row when drawn `width` wide, measured on `canvas`.
    public func height(width: Double, on canvas: Canvas) -> Double {
        let layout = layout(width: width, on: canvas)
        return layout.headerHeight + layout.rowHeights.reduce(0, +)
    }

    /// How many body rows (from the first) fit in `height` together with the header when drawn `width` wide: 0 when
    /// not even the first does, `rows.count` when the whole table does.
    public func rowsFitting(height: Double, width: Double) -> Int {
        guard let canvas = try? Canvas.measuring() else { return 0 }
        let layout = layout(width: width, on: canvas)
        var used = layout.headerHeight
        for (index, rowHeight) in layout.rowHeights.enumerated() {
            used += rowHeight
            if used > height + 1e-9 { return index }
        }
        return rows.count
    }

    /// The same table with only the body rows in `range` (header, alignments and font kept, column widths fixed
    /// to this table's so that the parts of a split table line up).
    public func rows(_ range: Range<Int>) -> TableLayout {
        var part = self
        part.rows = Array(rows[range])
        if part.columnWeights == nil, let canvas = try? Canvas.measuring() {
            part.columnWeights = naturalWidths(on: canvas)
        }
        return part
    }

    /// Draws the header and every row from the top of `rect`, `rect.width` wide (rows are not cut at the bottom:
    /// split the table first), and returns the height used.
    @discardableResult
    public func draw(on canvas: Canvas, in rect: Rect) -> Double {
        let layout = layout(width: rect.width, on: canvas)
        let step = Canvas.lineHeight(size: fontSize)
        let ascent = canvas.ascent(size: fontSize)
        var top = rect.minY

        func drawRow(_ cells: [[String]], height: Double, bold: Bool) {
            var left = rect.minX
            for (column, lines) in cells.enumerated() {
                let width = layout.columnWidths[column]
                let alignment = column < alignments.count ? alignments[column] : .left
                let x: Double
                switch alignment {
                case .left: x = left + horizontalPadding
                case .center: x = left + width / 2
                case .right: x = left + width - horizontalPadding
                }
                for (index, line) in lines.enumerated() {
                    let baseline = top + verticalPadding + ascent + Double(index) * step
                    canvas.text(
                        line, at: Point(x: x, y: baseline), size: fontSize, bold: bold, alignment: alignment)
                }
                left += width
            }
            top += height
        }

        canvas.fillRect(Rect(x: rect.minX, y: top, width: rect.width, height: layout.headerHeight), color: .lightGray)
        drawRow(layout.header, height: layout.headerHeight, bold: true)
        canvas.line(from: Point(x: rect.minX, y: top), to: Point(x: rect.maxX, y: top), width: 0.8)
        for (cells, height) in zip(layout.rows, layout.rowHeights) {
            drawRow(cells, height: height, bold: false)
            canvas.line(from: Point(x: rect.minX, y: top), to: Point(x: rect.maxX, y: top), color: .gray, width: 0.3)
        }
        return top - rect.minY
    }

    // MARK: - Layout

    /// The wrapped lines of every cell and the resulting sizes for a given width.
    struct Layout {
        var columnWidths: [Double]
        var header: [[String]]
        var headerHeight: Double
        var rows: [[[String]]]
        var rowHeights: [Double]
    }

    /// Column widths from the weights (or natural widths) scaled to `width`, then every cell wrapped to its column.
    func layout(width: Double, on canvas: Canvas) -> Layout {
        let weights = columnWeights.flatMap { $0.count == header.count ? $0 : nil } ?? naturalWidths(on: canvas)
        let total = weights.reduce(0, +)
        let columnWidths = weights.map { total > 0 ? width * $0 / total : width / Double(max(1, weights.count)) }
        let step = Canvas.lineHeight(size: fontSize)
        func wrap(_ cells: [String], bold: Bool) -> (lines: [[String]], height: Double) {
            let lines = columnWidths.indices.map { column in
                canvas.wrappedLines(
                    column < cells.count ? cells[column] : "",
                    width: max(1, columnWidths[column] - 2 * horizontalPadding),
                    size: fontSize, bold: bold)
            }
            let count = lines.map(\.count).max() ?? 1
            return (lines, Double(count) * step + 2 * verticalPadding)
        }
        let head = wrap(header, bold: true)
        let body = rows.map { wrap($0, bold: false) }
        return Layout(
            columnWidths: columnWidths, header: head.lines, headerHeight: head.height, rows: body.map(\.lines),
            rowHeights: body.map(\.height))
    }

    /// Each column's widest text (bold header or cell) plus padding.
    func naturalWidths(on canvas: Canvas) -> [Double] {
        header.indices.map { column in
            let cells = rows.map { column < $0.count ? canvas.textWidth($0[column], size: fontSize) : 0 }
            let widest = max(canvas.textWidth(header[column], size: fontSize, bold: true), cells.max() ?? 0)
            return widest + 2 * horizontalPadding
        }
    }
}
