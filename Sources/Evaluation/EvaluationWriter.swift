import Foundation
import Graphics
import Imaging
import MSLModel

/// Writes an evaluation's files into a folder, each atomically, `README.md` (the index) last:
/// per experiment `<id>.md` (summary, tests, per-subject values), `<id>.csv` (every subject's values),
/// `<id>-summary.csv`, `<id>-tests.csv`, `<id>-plot.png`, `<id>-montage.png`; and `evaluation.json` (settings,
/// provenance and every table).
public enum EvaluationWriter {
    /// The machine-readable record.
    public struct Record: Codable, Sendable {
        public let settings: EvaluationSettings
        public let provenance: EvaluationProvenance
        public let tables: [ExperimentTable]
        public let seconds: Double
    }

    /// Writes everything under `folder` (created if missing) and returns the file names, index last.
    ///
    /// - Throws: `EvaluationError.output` naming the file that could not be written.
    @discardableResult
    public static func write(
        _ outcome: Evaluator.Outcome, settings: EvaluationSettings, provenance: EvaluationProvenance, to folder: URL
    ) throws -> [String] {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw EvaluationError.output(path: folder.path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        var written: [String] = []
        func file(_ name: String, _ write: (URL) throws -> Void) throws {
            let url = folder.appendingPathComponent(name)
            do { try write(url) } catch { throw EvaluationError.output(path: url.path, reason: "cannot write: \(error)") }
            written.append(name)
        }
        func text(_ name: String, _ content: String) throws {
            try file(name) { try AtomicFile.write(Data(content.utf8), to: $0) }
        }
        for table in outcome.tables {
            let id = table.kind.rawValue
            try text("\(id).md", table.markdown)
            try text("\(id).csv", table.valuesCSV)
            try text("\(id)-summary.csv", table.summaryCSV)
            try text("\(id)-tests.csv", table.testsCSV)
            if let plot = outcome.plots[table.kind] {
                try file("\(id)-plot.png") { try PNGFigure.write(to: $0, width: 2400, height: table.kind == .crossModal ? 1000 : 560, scale: 2, plot) }
            }
            if let montage = outcome.montages[table.kind] {
                let width = 150 * montage.columns
                try file("\(id)-montage.png") {
                    try PNGFigure.write(to: $0, width: width * 2, height: (20 + 150 * montage.rows) * 2, scale: 2, montage.figure)
                }
            }
        }
        let record = Record(settings: settings, provenance: provenance, tables: outcome.tables, seconds: outcome.seconds)
        try file("evaluation.json") { try AtomicFile.write(try JSONEncoder.keySorted(pretty: true).encode(record) + Data("\n".utf8), to: $0) }
        try text("README.md", index(outcome, settings: settings, provenance: provenance))
        return written
    }

    /// The index: provenance, settings, and each experiment's summary table with its figures.
    static func index(_ outcome: Evaluator.Outcome, settings: EvaluationSettings, provenance: EvaluationProvenance) -> String {
        var lines = ["# MSL evaluation", "", "Made by `\(provenance.command)` (\(provenance.software)) in \(Int(outcome.seconds.rounded())) s.", ""]
        lines.append(
            "- Model: `\(provenance.model.path)` (\(provenance.model.preset ?? "custom"), \(provenance.model.iterations) iterations), "
                + "SHA-256 `\(provenance.model.sha256)`; trained by `\(provenance.model.trainingCommand)`.")
        for (role, model) in provenance.ablations.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "- \(role): `\(model.path)` (\(model.iterations) iterations), SHA-256 `\(model.sha256)`; trained by `\(model.trainingCommand)`.")
        }
        if provenance.ablations.isEmpty { lines.append("- Single-modality ablation models: none given, so their rows are absent.") }
        let d = provenance.dataset
        lines.append(
            "- Data: `\(d.path)`, manifest SHA-256 `\(d.manifestSHA256)`, seed \(d.seed), \(d.part) split: "
                + "\(d.subjects.count) subjects (\(d.subjects.joined(separator: ", "))).")
        let slices = settings.slicesPerSubject.map { "\($0) evenly spaced slices per subject" } ?? "every slice"
        lines.append(
            "- Slices: \(slices); base acquisition \(settings.base.label) (\(settings.simulation.beam.rawValue) beam, "
                + "\(settings.simulation.mask.rawValue) mask, mask seed \(settings.simulation.maskSeed)); all settings in `evaluation.json`.")
        lines.append("- Metrics: MAE, SSIM (11×11 Gaussian window, σ 1.5, data range 1) and MI (256-bin joint histogram, nats) on whole [0, 1] images.")
        for table in outcome.tables {
            let id = table.kind.rawValue
            lines += ["", table.markdownSummary()]
            lines.append("")
            lines.append("Per-subject values and paired tests: [\(id).md](\(id).md), CSV: [\(id).csv](\(id).csv), [summary](\(id)-summary.csv), [tests](\(id)-tests.csv).")
            lines += ["", "![\(table.title) plot](\(id)-plot.png)", "", "![\(table.title) montage](\(id)-montage.png)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
