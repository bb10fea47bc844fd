import Foundation
import Graphics
import Imaging

/// The report's pictures, each a `Figure` so that the same drawing goes into the PDF and into a PNG file:
/// the registration check, one montage per representative slice, and the metrics against λ. Images are the
/// model-grid slices the metrics are computed on ([0, 1]; CT shown in a soft-tissue window).
struct ReportFigures {
    let reconstruction: StackReconstruction
    let stack: ModelGridStack
    let quality: QualityTable

    static let ctWindow = HounsfieldScale.brainWindow

    /// Slices shown: at a quarter, half and three quarters of the processed range.
    var representativeSlices: [Int] {
        let count = stack.sliceIndices.count
        return Array(Set([count / 4, count / 2, 3 * count / 4].map { min(max($0, 0), count - 1) })).sorted()
    }

    typealias Tile = TiledMontage.Tile

    func gray(_ pixels: [Float], _ window: ClosedRange<Float>) -> RasterImage {
        RasterImage(grayscale: pixels, width: stack.size, height: stack.size, window: window)
    }

    /// The tiles of slice `s` (position in the processed range), in reading order.
    func tiles(_ s: Int) -> [Tile] {
        let r = reconstruction
        var tiles: [Tile] = []
        let ctWindow = Self.ctWindow
        if let ct = r.sparseCT { tiles.append(Tile(title: "FBP (sparse CT)", image: gray(ct[s], ctWindow))) }
        if let mr = r.sparseMR { tiles.append(Tile(title: "zero-filled MR", image: gray(mr[s], 0...1))) }
        tiles.append(Tile(title: "MSL-CT (λ 0)", image: gray(r.mslCT[s], ctWindow)))
        for hybrid in r.hybrids {
            tiles.append(Tile(title: "hybrid λ \(hybrid.lambda)", image: gray(hybrid.images[s], 0...1)))
        }
        tiles.append(Tile(title: "MSL-MR (λ 1)", image: gray(r.mslMR[s], 0...1)))
        if let map = r.lambdaMap {
            tiles.append(
                Tile(
                    title: "λ-map (0 CT … 1 MR)",
                    image: RasterImage(
                        pixels: map.maps[s], width: stack.size, height: stack.size, range: 0...1, colormap: .viridis)))
            tiles.append(Tile(title: "λ-map fused", image: gray(map.fused[s], 0...1)))
        }
        let n = stack.size
        func difference(_ a: [Float], _ b: [Float]) -> RasterImage {
            RasterImage(pixels: zip(a, b).map { $0 - $1 }, width: n, height: n, range: -0.2...0.2, colormap: .diverging)
        }
        if let ct = stack.ct {
            tiles.append(Tile(title: "CT (full data)", image: gray(ct[s], ctWindow)))
            tiles.append(Tile(title: "MSL-CT − CT (±0.2)", image: difference(r.mslCT[s], ct[s])))
        }
        if let mr = stack.mr {
            tiles.append(Tile(title: "MR (full data)", image: gray(mr[s], 0...1)))
            tiles.append(Tile(title: "MSL-MR − MR (±0.2)", image: difference(r.mslMR[s], mr[s])))
        }
        return tiles
    }

    /// CT and MR (as registered) in a checkerboard and blended, at the middle slice.
    var registrationCheck: Figure? {
        guard let ct = stack.ct, let mr = stack.mr else { return nil }
        let s = stack.sliceIndices.count / 2
        let ctImage = gray(ct[s], Self.ctWindow)
        let mrImage = gray(mr[s], 0...1)
        let board = try? RasterImage.checkerboard(ctImage, mrImage, tile: max(4, stack.size / 8))
        let blend = try? RasterImage.blend(
            ctImage,
            RasterImage(pixels: mr[s], width: stack.size, height: stack.size, range: 0...1, colormap: .viridis),
            alpha: 0.45)
        return { canvas, rect in
            canvas.text("Registration check (middle slice)", at: Point(x: rect.minX, y: rect.minY + 12), size: 11, bold: true)
            let side = min((rect.width - 10) / 2, rect.height - 40)
            let top = rect.minY + 34
            for (i, (title, image)) in [("CT / MR checkerboard", board), ("MR (colour) over CT", blend)].enumerated() {
                guard let image else { continue }
                let x = rect.minX + Double(i) * (side + 10)
                canvas.text(title, at: Point(x: x, y: top - 6), size: 8)
                _ = canvas.image(image, in: Rect(x: x, y: top, width: side, height: side))
            }
        }
    }

    /// MAE, SSIM and MI of the λ outputs (MSL-CT, hybrids, MSL-MR) against the CT and the MR.
    var metricsAgainstLambda: Figure {
        let rows = quality.rows.filter { $0.lambda != nil }
        func series(_ reference: String, _ metric: KeyPath<QualityTable.Metrics, Double>, _ color: Color) -> LinePlot.Series {
            let points = rows.filter { $0.reference == reference }.sorted { $0.lambda! < $1.lambda! }
            return LinePlot.Series(
                name: "against \(reference)", x: points.map { Double($0.lambda!) }, y: points.map { $0.mean[keyPath: metric] },
                color: color, marker: .circle)
        }
        let plots: [(String, KeyPath<QualityTable.Metrics, Double>)] = [("MAE", \.mae), ("SSIM", \.ssim), ("MI (nats)", \.mi)]
        let references = [("CT", Color.series(0)), ("MR", Color.series(1))].filter { ref in rows.contains { $0.reference == ref.0 } }
        return { canvas, rect in
            canvas.text("Metrics against λ (mean over slices)", at: Point(x: rect.minX, y: rect.minY + 12), size: 11, bold: true)
            let width = rect.width / Double(plots.count)
            for (i, (name, metric)) in plots.enumerated() {
                let plot = LinePlot(
                    title: name, xLabel: "λ", yLabel: name, series: references.map { series($0.0, metric, $0.1) },
                    xRange: 0...1, legend: i == 0 ? .topRight : .none)
                _ = plot.draw(
                    on: canvas, in: Rect(x: rect.minX + Double(i) * width, y: rect.minY + 20, width: width - 6, height: rect.height - 20))
            }
        }
    }
}
