import Foundation

/// The table as CSV (RFC 4180 quoting, a header line): every subject's values, the summaries, and the tests.
extension ExperimentTable {
    /// subject,condition,method,reference,metric,value: one line per subject, row and column with a value.
    public var valuesCSV: String {
        var lines = ["subject,condition,method,reference,metric,value"]
        for row in rows {
            for (s, subject) in subjects.enumerated() {
                for (column, metric) in columns.enumerated() {
                    guard let value = row.values[s][column] else { continue }
                    lines.append(Self.csvLine([subject] + Self.fields(row.key) + [metric, Self.full(value)]))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// condition,method,reference,metric,n,mean,sd.
    public var summaryCSV: String {
        var lines = ["condition,method,reference,metric,n,mean,sd"]
        for row in rows {
            for (column, metric) in columns.enumerated() {
                guard let s = summary(row, column: column) else { continue }
                lines.append(
                    Self.csvLine(
                        Self.fields(row.key) + [metric, String(s.count), Self.full(s.mean), s.standardDeviation.map(Self.full) ?? ""]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The paired tests: both rows, the metric, n, mean difference, statistic, p and how p was computed.
    public var testsCSV: String {
        var lines = [
            "condition_a,method_a,reference_a,condition_b,method_b,reference_b,metric,n,mean_difference,statistic,p,p_method"
        ]
        for c in comparisons {
            for (column, metric) in columns.enumerated() {
                guard let test = c.tests[column], let difference = c.meanDifference[column] else { continue }
                lines.append(
                    Self.csvLine(
                        Self.fields(c.a) + Self.fields(c.b) + [
                            metric, String(test.n), Self.full(difference), Self.full(test.statistic), Self.full(test.pValue),
                            test.method.rawValue,
                        ]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fields(_ key: RowKey) -> [String] { [key.condition, key.method, key.reference] }

    /// Shortest text that reads back as the same Double.
    static func full(_ value: Double) -> String { "\(value)" }

    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }
}
