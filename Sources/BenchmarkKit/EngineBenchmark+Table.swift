import Foundation

extension EngineBenchmark.Report {
    /// A plain-text table: one row per layer, GFLOP/s and ratios to sgemm and to PyTorch.
    public func table() -> String {
        func number(_ value: Double?, _ digits: Int = 1) -> String { TextTable.number(value, "%.\(digits)f") }
        var lines = [
            "sgemm \(sgemmSize)³ on \(threads) thread(s): \(number(sgemmGFLOPS)) GFLOP/s"
                + (torchVersion.map { "; PyTorch \($0) on the same threads" } ?? ""),
            OpenBLASSetting.summary(threadTimeout: openBLASThreadTimeout),
        ]
        if let torchNote { lines.append(torchNote) }
        let header = ["layer", "fwd ms", "fwd GF/s", "fwd/sgemm", "torch fwd", "fwd/torch",
                      "bwd ms", "bwd GF/s", "bwd/sgemm", "torch bwd", "bwd/torch"]
        lines += TextTable.render(header: header, rows: rows.map { row in
            [
                row.name, number(row.forwardSeconds * 1000), number(row.forwardGFLOPS), number(row.forwardOverSgemm, 2),
                number(row.torchForwardGFLOPS), number(row.forwardOverTorch, 2),
                number(row.backwardSeconds * 1000), number(row.backwardGFLOPS), number(row.backwardOverSgemm, 2),
                number(row.torchBackwardGFLOPS), number(row.backwardOverTorch, 2),
            ]
        })
        return lines.joined(separator: "\n")
    }
}
