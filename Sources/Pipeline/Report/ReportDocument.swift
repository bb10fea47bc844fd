import Foundation
import Graphics

/// `report.pdf` for people, and the same pictures as PNG files: a cover with the verdict and the key numbers,
/// the registration check and the metrics against λ, a montage per representative slice, and the metrics
/// table. Nothing in it depends on the clock (no timings, a fixed PDF creation date), so a re-run writes the
/// same bytes, as it does for the DICOM series.
struct ReportDocument {
    let report: ProcessingReport
    let figures: ReportFigures

    /// Page geometry (points).
    static let margin = 42.0
    static let creationDate = Date(timeIntervalSince1970: 0)

    /// The PNG files written beside the PDF, by relative path.
    func pngFigures() -> [(name: String, width: Double, height: Double, figure: Figure)] {
        var list: [(String, Double, Double, Figure)] = []
        if let check = figures.registrationCheck { list.append(("figures/registration.png", 510, 300, check)) }
        list.append(("figures/metrics-vs-lambda.png", 510, 220, figures.metricsAgainstLambda))
        for s in figures.representativeSlices {
            let k = figures.stack.sliceIndices[s]
            list.append(("figures/montage-slice-\(k).png", 510, 560, montage(s)))
        }
        return list
    }

    func montage(_ s: Int) -> Figure {
        let k = figures.stack.sliceIndices[s]
        return TiledMontage(
            caption: "Slice \(k) (model grid \(figures.stack.size)², \(report.grid.pixelSpacingMM) mm pixels)",
            tiles: figures.tiles(s)
        ).figure
    }

    /// Writes the PDF to `pdf` and the PNG figures under `folder`; returns the PNG paths relative to `folder`.
    func write(pdf url: URL, pngFolder folder: URL?) throws -> [String] {
        let document = PDFDocument(title: "MSL processing report", creator: report.software)
        document.creationDate = Self.creationDate
        let page = Rect(size: document.pageSize).insetBy(dx: Self.margin, dy: Self.margin)
        document.page { canvas in cover(canvas, page) }
        try document.page { canvas in
            var top = page.minY
            if let check = figures.registrationCheck {
                try canvas.draw(check, in: Rect(x: page.minX, y: top, width: page.width, height: 300))
                top += 320
            }
            try canvas.draw(figures.metricsAgainstLambda, in: Rect(x: page.minX, y: top, width: page.width, height: 220))
        }
        for s in figures.representativeSlices {
            try document.page { canvas in
                try canvas.draw(montage(s), in: Rect(x: page.minX, y: page.minY, width: page.width, height: 560))
            }
        }
        metricsPages(document, page)
        try document.write(to: url)
        guard let folder else { return [] }
        var written: [String] = []
        for figure in pngFigures() {
            let target = folder.appendingPathComponent(figure.name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try PNGFigure.write(
                to: target, width: Int(figure.width * 2), height: Int(figure.height * 2), scale: 2, figure.figure)
            written.append(figure.name)
        }
        return written
    }

    /// The verdict: how MSL-CT and MSL-MR compare with the sparse inputs, metric by metric.
    var verdict: [String] {
        var lines: [String] = []
        for (msl, sparse, reference) in [("MSL-CT", "FBP", "CT"), ("MSL-MR", "zero-filled", "MR")] {
            guard let a = figures.quality.row(msl, reference)?.mean, let b = figures.quality.row(sparse, reference)?.mean
            else { continue }
            let better = [a.mae < b.mae, a.psnr > b.psnr, a.ssim > b.ssim].filter { $0 }.count
            lines.append(
                "\(msl) against the full \(reference): MAE \(Self.f(a.mae, 4)) (\(sparse) \(Self.f(b.mae, 4))), "
                    + "PSNR \(Self.f(a.psnr, 1)) dB (\(Self.f(b.psnr, 1))), SSIM \(Self.f(a.ssim, 3)) (\(Self.f(b.ssim, 3))): "
                    + "better than \(sparse) on \(better) of 3 metrics.")
        }
        if lines.isEmpty {
            lines.append("No full-data reference for the synthesised modality; see the montages.")
        }
        return lines
    }

    func cover(_ canvas: Canvas, _ page: Rect) {
        var y = page.minY + 20
        canvas.text("MSL processing report", at: Point(x: page.minX, y: y), size: 22, bold: true)
        y += 22
        canvas.text(
            "NOT FOR DIAGNOSTIC USE — reconstructions from simulated sparse acquisitions", at: Point(x: page.minX, y: y),
            size: 10, bold: true, color: .red)
        y += 26
        canvas.text("Verdict", at: Point(x: page.minX, y: y), size: 13, bold: true)
        y += 8
        for line in [report.inputs + "."] + verdict {
            y += canvas.wrappedText(line, in: Rect(x: page.minX, y: y, width: page.width, height: 80), size: 10) + 4
        }
        y += 14
        canvas.text("Key numbers", at: Point(x: page.minX, y: y), size: 13, bold: true)
        y += 8
        let table = TableLayout(header: ["item", "value"], rows: keyNumbers, alignments: [.left, .left], fontSize: 9,
                                columnWeights: [1, 2.6])
        _ = table.draw(on: canvas, in: Rect(x: page.minX, y: y, width: page.width, height: page.maxY - y))
    }

    var keyNumbers: [[String]] {
        var rows: [[String]] = [["job", report.job], ["software", report.software]]
        for series in report.series {
            rows.append([
                "\(series.role) input",
                "series \(series.seriesNumber.map(String.init) ?? "?") \"\(series.description ?? "")\", \(series.instances) "
                    + "images, \(series.size.map(String.init).joined(separator: "×")) voxels"
                    + (series.resampled ? ", resampled (\(series.resampledBecause.joined(separator: ", ")))" : ""),
            ])
        }
        if let registration = report.registration {
            var text = registration.placement
            if let metric = registration.finalMetric { text += ", Mattes MI \(Self.f(metric, 4))" }
            if let quality = registration.quality {
                text += ", head Dice \(Self.f(quality.diceBefore, 3)) → \(Self.f(quality.diceAfter, 3))"
            }
            rows.append(["MR onto CT", text])
        }
        let g = report.grid
        rows.append([
            "model grid",
            "\(g.modelSize)² over \(Self.f(g.fieldOfViewMM, 0)) mm (\(Self.f(g.pixelSpacingMM, 2)) mm pixels), slices "
                + "\(g.firstSlice)–\(g.lastSlice) (\(g.slices))",
        ])
        let s = report.simulation
        rows.append([
            "sparse acquisitions",
            "CT \(s.views) views \(s.beam.rawValue) beam" + (s.photons.map { ", \(Int($0)) photons" } ?? ", noise-free")
                + "; MR \(Self.f(s.acceleration, 0))× \(s.mask.rawValue) mask, centre \(s.centerFraction)",
        ])
        rows.append([
            "model",
            "\(report.model.file) (\(report.model.preset ?? "custom"), \(report.model.parameters) parameters), SHA-256 "
                + String(report.model.sha256.prefix(16)) + "…",
        ])
        if let map = report.lambdaMap {
            rows.append([
                "λ-map",
                "\(map.steps) steps from the best constant λ, α \(map.alpha); objective "
                    + "\(Self.f(map.meanObjective, 4)) (best constant \(Self.f(map.meanBestConstantObjective, 4))); "
                    + "MI gain over the best constant \(Self.f(map.meanMutualInformationGain, 4)) nats",
            ])
        }
        rows.append(["outputs", report.outputs.map(\.role).joined(separator: ", ")])
        return rows
    }

    /// The mean metrics of every output, as many pages as it takes.
    func metricsPages(_ document: PDFDocument, _ page: Rect) {
        let rows = figures.quality.rows.map { row in
            [row.output, row.reference, Self.f(row.mean.mae, 4), Self.f(row.mean.psnr, 2), Self.f(row.mean.ssim, 4),
             Self.f(row.mean.mi, 3)]
        }
        var table = TableLayout(
            header: ["output", "against", "MAE", "PSNR (dB)", "SSIM", "MI (nats)"], rows: rows,
            alignments: [.left, .left, .right, .right, .right, .right], fontSize: 9)
        let body = page.removingTop(30)
        while true {
            let fitting = max(1, table.rowsFitting(height: body.height, width: body.width))
            let part = table.rows(0..<min(fitting, table.rows.count))
            document.page { canvas in
                canvas.text(
                    "Metrics (mean over \(figures.stack.sliceIndices.count) slices; per-slice values in report.json)",
                    at: Point(x: page.minX, y: page.minY + 12), size: 11, bold: true)
                _ = part.draw(on: canvas, in: body)
            }
            guard fitting < table.rows.count else { break }
            table = table.rows(fitting..<table.rows.count)
        }
    }

    static func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
