import Graphics
import Imaging

/// Drawing helpers shared by the experiments' plots and montages.
enum EvaluationFigures {
    /// A montage tile of an N×N image: CT-like images in the brain window, others over [0, 1].
    static func tile(_ title: String, _ pixels: [Float], size n: Int, ct: Bool) -> TiledMontage.Tile {
        TiledMontage.Tile(
            title: title,
            image: RasterImage(grayscale: pixels, width: n, height: n, window: ct ? HounsfieldScale.brainWindow : 0...1))
    }

    /// A λ-map tile (viridis, 0 CT … 1 MR).
    static func lambdaMapTile(_ title: String, _ pixels: [Float], size n: Int) -> TiledMontage.Tile {
        TiledMontage.Tile(
            title: title, image: RasterImage(pixels: pixels, width: n, height: n, range: 0...1, colormap: .viridis))
    }

    /// One panel per table column side by side under a caption, each a `LinePlot` of `series(column)`.
    static func panels(
        caption: String, columns: [String], xLabel: String, xRange: ClosedRange<Double>? = nil,
        xCategories: [String]? = nil, series: @escaping (Int) -> [LinePlot.Series]
    ) -> Figure {
        { canvas, rect in
            canvas.text(caption, at: Point(x: rect.minX, y: rect.minY + 12), size: 11, bold: true)
            let width = rect.width / Double(max(1, columns.count))
            for (i, name) in columns.enumerated() {
                let plot = LinePlot(
                    title: name, xLabel: xLabel, yLabel: name, series: series(i), xRange: xRange,
                    legend: i == 0 ? .best : .none, xCategories: xCategories)
                plot.draw(
                    on: canvas, in: Rect(x: rect.minX + Double(i) * width, y: rect.minY + 20, width: width - 8, height: rect.height - 20))
            }
        }
    }

    /// The series of `methods` (each a row name, with its reference) over `conditions` at x = `x`: the subject
    /// means of column `column`; missing rows give no series.
    static func series(
        _ table: ExperimentTable, column: Int, methods: [(method: String, reference: String, name: String)],
        conditions: [String], x: [Double]
    ) -> [LinePlot.Series] {
        methods.enumerated().compactMap { index, m in
            let y = conditions.map { table.mean(ExperimentTable.RowKey($0, m.method, m.reference), column: column) ?? .nan }
            guard y.contains(where: \.isFinite) else { return nil }
            return LinePlot.Series(name: m.name, x: x, y: y, color: .series(index), marker: .circle)
        }
    }
}
