/// A plain-text table: the first column left-aligned, the others right-aligned, two spaces apart.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> [String] {
        let cells = [header] + rows
        let widths = header.indices.map { column in cells.map { $0[column].count }.max()! }
        return cells.map { line in
            line.enumerated().map { column, text in
                column == 0 ? text.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  ")
        }
    }

    /// `value` with `format` (printf style), or "—" when absent.
    static func number(_ value: Double?, _ format: String) -> String {
        value.map { String(format: format, $0) } ?? "—"
    }
}
