import Foundation

extension MSLBenchmark.Report {
    /// A plain-text table: one row per preset and case (times, PyTorch ÷ msl, GFLOP/s and fractions of
    /// sgemm), then training iterations per second and peak memory.
    public func table() -> String {
        func number(_ value: Double?, _ digits: Int = 1) -> String { TextTable.number(value, "%.\(digits)f") }
        func gibibytes(_ bytes: Int?) -> String { bytes.map { String(format: "%.2f GiB", Double($0) / 1_073_741_824) } ?? "—" }
        var lines = [
            "sgemm \(sgemmSize)³ on \(threads) thread(s): \(number(sgemmGFLOPS)) GFLOP/s"
                + (torchVersion.map { "; PyTorch \($0) on the same threads" } ?? "")
                + "; median of \(repeats) after \(warmup) warm-up",
            OpenBLASSetting.summary(threadTimeout: openBLASThreadTimeout),
        ]
        if let torchNote { lines.append(torchNote) }
        let header = ["preset / case (per slice)", "GFLOP", "msl ms", "torch ms", "torch/msl",
                      "msl GF/s", "msl/sgemm", "torch GF/s", "torch/sgemm"]
        let rows = presets.flatMap { preset in
            preset.rows.map { row in
                let label = MSLBenchmark.Case(rawValue: row.name)?.label ?? row.name
                return [
                    "\(preset.preset) \(label)" + (row.batch > 1 ? " (batch \(row.batch))" : ""),
                    number(row.flop / 1e9), number(row.seconds * 1000), number(row.torchSeconds.map { $0 * 1000 }),
                    number(row.speedup, 2), number(row.gflops), number(row.overSgemm, 2), number(row.torchGFLOPS),
                    number(row.torchOverSgemm, 2),
                ]
            }
        }
        lines += TextTable.render(header: header, rows: rows)
        for preset in presets {
            if let training = preset.rows.first(where: { $0.name == MSLBenchmark.Case.trainingIteration.rawValue }) {
                lines.append(
                    "\(preset.preset) training, batch \(training.batch): msl \(number(1 / training.seconds, 2)) it/s, "
                        + "PyTorch \(number(training.torchSeconds.map { 1 / $0 }, 2)) it/s"
                        + (preset.torchAuthorsTrainingSeconds.map {
                            " (msl_reference.training_loss as written, one more decoder pass: \(number(1 / $0, 2)) it/s)"
                        } ?? ""))
            }
        }
        for preset in presets {
            lines.append(
                "\(preset.preset) peak memory: msl \(gibibytes(preset.peakResidentBytes)) (process so far), "
                    + "PyTorch \(gibibytes(preset.torchPeakResidentBytes)) (its own process)")
        }
        lines.append(lambdaMapStep)
        return lines.joined(separator: "\n")
    }
}
