import Foundation

/// The table as Markdown: summary, mean ± SD, paired tests, then every subject's values.
extension ExperimentTable {
    /// Title (level `heading`), what was measured, the mean ± SD table and the notes.
    public func markdownSummary(heading: Int = 2) -> String {
        var lines = [String(repeating: "#", count: heading) + " \(title)", "", summary, ""]
        lines.append(
            "n = \(subjects.count) subjects; a subject's value is the mean over its evaluated slices; cells are the mean "
                + "± SD across subjects.")
        lines.append("")
        lines += summaryTable
        if !notes.isEmpty { lines += [""] + notes.map { "- \($0)" } }
        return lines.joined(separator: "\n")
    }

    /// The summary (title at level 1), the paired tests and every subject's values.
    public var markdown: String {
        var lines = [markdownSummary(heading: 1)]
        if !comparisons.isEmpty {
            lines += ["", "## Paired tests", ""]
            lines.append(
                "Two-sided Wilcoxon signed-rank tests across subjects (`WilcoxonSignedRank`): Δ is the mean of A − B, n the "
                    + "number of subjects with a non-zero difference.")
            lines.append("")
            lines += testTable
        }
        lines += ["", "## Per subject", ""]
        for (column, name) in columns.enumerated() { lines += perSubjectTable(column: column, name: name) + [""] }
        return lines.joined(separator: "\n")
    }

    /// condition | method | vs | one mean ± SD per column.
    var summaryTable: [String] {
        var lines = [
            "| condition | method | vs | " + columns.joined(separator: " | ") + " |",
            "|---|---|---|" + String(repeating: "---:|", count: columns.count),
        ]
        for row in rows {
            let cells = columns.indices.map { column in summary(row, column: column).map(Self.format) ?? "–" }
            lines.append("| \(row.key.condition) | \(row.key.method) | \(row.key.reference) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    var testTable: [String] {
        var lines = [
            "| condition | A | B | vs | " + columns.map { "Δ \($0) (p)" }.joined(separator: " | ") + " | n |",
            "|---|---|---|---|" + String(repeating: "---:|", count: columns.count + 1),
        ]
        for c in comparisons {
            let condition = c.a.condition == c.b.condition ? c.a.condition : "\(c.a.condition) / \(c.b.condition)"
            let cells = columns.indices.map { column -> String in
                guard let difference = c.meanDifference[column] else { return "–" }
                let p = c.tests[column].map { Self.formatP($0.pValue) } ?? "–"
                return Self.number(difference, signed: true) + " (\(p))"
            }
            let n = c.tests.compactMap { $0?.n }.max().map(String.init) ?? "0"
            lines.append(
                "| \(condition) | \(c.a.method) | \(c.b.method) | \(c.a.reference) | " + cells.joined(separator: " | ")
                    + " | \(n) |")
        }
        return lines
    }

    func perSubjectTable(column: Int, name: String) -> [String] {
        var lines = [
            "**\(name)**", "",
            "| condition | method | vs | " + subjects.joined(separator: " | ") + " |",
            "|---|---|---|" + String(repeating: "---:|", count: subjects.count),
        ]
        for row in rows {
            let cells = row.values.map { $0[column].map { Self.number($0) } ?? "–" }
            lines.append("| \(row.key.condition) | \(row.key.method) | \(row.key.reference) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    static func format(_ s: Summary) -> String {
        number(s.mean) + (s.standardDeviation.map { " ± " + number($0) } ?? "")
    }

    /// Four decimals (values here are MAE ~0.01, SSIM ~0.9, MI ~1).
    static func number(_ value: Double, signed: Bool = false) -> String {
        String(format: signed ? "%+.4f" : "%.4f", value)
    }

    static func formatP(_ p: Double) -> String { p < 0.001 ? "p<0.001" : String(format: "p=%.3f", p) }
}
