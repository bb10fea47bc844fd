import Foundation

extension EngineBenchmark.Report {
    /// A plain-text table: one row per layer, GFLOP/s and ratios to sgemm and to PyTorch.
    public func table() -> String {
        func number(_ value: Double?, _ digits: Int = 1) -> String {
            value.map { String(format: "%.\(digits)f", $0) } ?? "—"
        }
        var lines = [
            "sgemm \(sgemmSize)³ on \(threads) thread(s): \(number(sgemmGFLOPS)) GFLOP/s"
                + (torchVersion.map { "; PyTorch \($0) on the same threads" } ?? ""),
        ]
        if let torchNote { lines.append(torchNote) }
        let header = ["layer", "fwd ms", "fwd GF/s", "fwd/sgemm", "torch fwd", "fwd/torch",
                      "bwd ms", "bwd GF/s", "bwd/sgemm", "torch bwd", "bwd/torch"]
        var cells = [header]
        for row in rows {
            cells.append([
                row.name, number(row.forwardSeconds * 1000), number(row.forwardGFLOPS), number(row.forwardOverSgemm, 2),
                number(row.torchForwardGFLOPS), number(row.forwardOverTorch, 2),
                number(row.backwardSeconds * 1000), number(row.backwardGFLOPS), number(row.backwardOverSgemm, 2),
                number(row.torchBackwardGFLOPS), number(row.backwardOverTorch, 2),
            ])
        }
        let widths = header.indices.map { column in cells.map { $0[column].count }.max()! }
        for line in cells {
            lines.append(
                line.enumerated().map { column, text in
                    column == 0 ? text.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[column] - text.count) + text
                }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
