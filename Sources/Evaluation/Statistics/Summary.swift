/// The mean and sample standard deviation of per-subject values (the "mean ± SD" of every table).
public struct Summary: Codable, Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// With n − 1 in the denominator (NumPy's `ddof=1`); nil for fewer than two values.
    public let standardDeviation: Double?

    /// The summary of `values`; nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        count = values.count
        self.mean = mean
        standardDeviation =
            values.count > 1 ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot() : nil
    }
}
