/// One experiment's results: a value per subject for every row (condition, method, reference) and column
/// (metric), each subject's value the mean over its evaluated slices; summaries across subjects; and the paired
/// Wilcoxon tests the experiment asks for.
public struct ExperimentTable: Codable, Sendable {
    /// A row: what was measured, how, and against what.
    public struct RowKey: Codable, Hashable, Sendable {
        /// The acquisition or setting ("64c+1/4m", "λ 0.3", "shift 10 px").
        public let condition: String
        /// The method ("MSL-CT (CT+MR)", "FBP", "FUSION λ 0.5").
        public let method: String
        /// The reference image ("CT", "MR", "aligned blend", …).
        public let reference: String

        public init(_ condition: String, _ method: String, _ reference: String) {
            self.condition = condition
            self.method = method
            self.reference = reference
        }
    }

    public struct Row: Codable, Sendable {
        public let key: RowKey
        /// values[subject][column]; nil where the subject has no measurement.
        public let values: [[Double?]]
    }

    /// A paired test of row `a` against row `b`, per column, over the subjects both have.
    public struct Comparison: Codable, Sendable {
        public let a: RowKey
        public let b: RowKey
        /// Mean over subjects of a − b, per column.
        public let meanDifference: [Double?]
        public let tests: [WilcoxonSignedRank?]
    }

    public let kind: ExperimentKind
    public let title: String
    /// What the experiment measures and how, for the Markdown.
    public let summary: String
    public let columns: [String]
    public let subjects: [String]
    public let rows: [Row]
    public let comparisons: [Comparison]
    /// Lines printed under the table (the paper's numbers, the sums' spread, …).
    public var notes: [String]

    /// The row with `key`.
    public func row(_ key: RowKey) -> Row? { rows.first { $0.key == key } }

    /// Mean ± SD across subjects of `row`'s `column`.
    public func summary(_ row: Row, column: Int) -> Summary? { Summary(row.values.compactMap { $0[column] }) }

    /// The subject means of `key`'s `column` (nil for a missing row).
    public func mean(_ key: RowKey, column: Int) -> Double? { row(key).flatMap { summary($0, column: column)?.mean } }
}

/// Collects slice measurements into an `ExperimentTable`.
struct ExperimentTableBuilder {
    let kind: ExperimentKind
    let columns: [String]
    private(set) var order: [ExperimentTable.RowKey] = []
    /// Slice values per row, subject and column.
    private var values: [ExperimentTable.RowKey: [String: [[Double]]]] = [:]

    init(kind: ExperimentKind, columns: [String]) {
        self.kind = kind
        self.columns = columns
    }

    /// Adds one slice's values (one per column, nil where not measured) of `key` for `subject`.
    mutating func record(_ key: ExperimentTable.RowKey, subject: String, _ measured: [Double?]) {
        precondition(measured.count == columns.count, "\(kind.rawValue): \(measured.count) values for \(columns.count) columns")
        if values[key] == nil { order.append(key) }
        var perSubject = values[key, default: [:]]
        var columnsSoFar = perSubject[subject, default: Array(repeating: [], count: columns.count)]
        for (column, value) in measured.enumerated() { if let value { columnsSoFar[column].append(value) } }
        perSubject[subject] = columnsSoFar
        values[key] = perSubject
    }

    /// The table over `subjects` with the paired tests of `comparisons` whose rows both exist.
    func table(
        title: String, summary: String, subjects: [String], comparisons: [(ExperimentTable.RowKey, ExperimentTable.RowKey)],
        notes: [String] = []
    ) -> ExperimentTable {
        let rows = order.map { key in
            ExperimentTable.Row(
                key: key,
                values: subjects.map { subject in
                    let slices = values[key]?[subject] ?? Array(repeating: [], count: columns.count)
                    return slices.map { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) }
                })
        }
        let byKey = Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0) })
        let tests = comparisons.compactMap { a, b -> ExperimentTable.Comparison? in
            guard let rowA = byKey[a], let rowB = byKey[b] else { return nil }
            let perColumn = columns.indices.map { column in
                zip(rowA.values, rowB.values).compactMap { x, y in x[column].flatMap { u in y[column].map { (u, $0) } } }
            }
            return ExperimentTable.Comparison(
                a: a, b: b,
                meanDifference: perColumn.map { pairs in Summary(pairs.map { $0.0 - $0.1 })?.mean },
                tests: perColumn.map { pairs in WilcoxonSignedRank(pairs.map(\.0), pairs.map(\.1)) })
        }
        return ExperimentTable(
            kind: kind, title: title, summary: summary, columns: columns, subjects: subjects, rows: rows,
            comparisons: tests, notes: notes)
    }
}
