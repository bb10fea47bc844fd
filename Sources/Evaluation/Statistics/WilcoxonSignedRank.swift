import Foundation

/// The two-sided Wilcoxon signed-rank test of paired values (the paired test of every evaluation table: one
/// pair per subject), as `scipy.stats.wilcoxon(a, b, zero_method="wilcox", correction=False)`.
///
/// Differences d = a − b; zero differences are dropped and n counts the rest. Their |d| are ranked 1…n, ties
/// sharing the average rank. R+ and R− sum the ranks of positive and negative differences; the statistic is
/// min(R+, R−). The p-value:
/// - n ≤ 50: exact, from the null distribution of R+ over all 2ⁿ sign assignments of the observed ranks
///   (counted by dynamic programming on doubled ranks, which are integers even with ties); p = 2·P(R+ ≤ T),
///   at most 1. Without ties this is SciPy's `method="exact"`; with ties it equals SciPy's exhaustive
///   permutation test.
/// - n > 50: the normal approximation, z = (T − n(n+1)/4) / σ with σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over
///   tie groups of size t, p = erfc(|z|/√2), no continuity correction.
///
/// With n = 2 the smallest possible p is 0.5, with n = 5 it is 0.0625: a small evaluation cannot reach
/// significance, which the tables say by printing n beside p.
public struct WilcoxonSignedRank: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable {
        case exact
        case normalApproximation = "normal approximation"
    }

    /// Non-zero differences.
    public let n: Int
    /// min(R+, R−).
    public let statistic: Double
    public let pValue: Double
    public let method: Method

    /// Above this many non-zero differences the p-value is the normal approximation.
    public static let exactLimit = 50

    /// Tests a[i] against b[i]; nil when the lengths differ or no difference is non-zero (nothing to test).
    public init?(_ a: [Double], _ b: [Double]) {
        guard a.count == b.count else { return nil }
        let differences = zip(a, b).map { $0 - $1 }.filter { $0 != 0 && $0.isFinite }
        guard !differences.isEmpty else { return nil }
        let doubledRanks = Self.doubledRanks(differences.map(abs))
        let doubledPlus = zip(differences, doubledRanks).filter { $0.0 > 0 }.map(\.1).reduce(0, +)
        let doubledTotal = doubledRanks.reduce(0, +)
        let doubledStatistic = min(doubledPlus, doubledTotal - doubledPlus)
        n = differences.count
        statistic = Double(doubledStatistic) / 2
        if n <= Self.exactLimit {
            method = .exact
            pValue = min(1, 2 * Self.lowerTail(doubledRanks, atMost: doubledStatistic))
        } else {
            method = .normalApproximation
            let count = Double(n)
            let tieTerm = Self.tieGroupSizes(differences.map(abs)).map { t in Double(t * t * t - t) }.reduce(0, +)
            let variance = count * (count + 1) * (2 * count + 1) / 24 - tieTerm / 48
            let z = (statistic - count * (count + 1) / 4) / variance.squareRoot()
            pValue = variance > 0 ? erfc(abs(z) / 2.0.squareRoot()) : 1
        }
    }

    /// 2 × the average 1-based rank of each value (ties share their average), as integers.
    static func doubledRanks(_ values: [Double]) -> [Int] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Int](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            // Ranks start + 1 … end + 1 share their average; doubled: (start + 1) + (end + 1).
            for k in start...end { ranks[order[k]] = start + end + 2 }
            start = end + 1
        }
        return ranks
    }

    /// Sizes of the groups of equal values.
    static func tieGroupSizes(_ values: [Double]) -> [Int] {
        Dictionary(grouping: values, by: { $0 }).values.map(\.count)
    }

    /// P(doubled R+ ≤ limit) when each rank's sign is + or − with probability ½ independently.
    static func lowerTail(_ doubledRanks: [Int], atMost limit: Int) -> Double {
        let total = doubledRanks.reduce(0, +)
        // ways[s]: the number of sign assignments whose doubled R+ is s, as a fraction of those seen so far.
        var ways = [Double](repeating: 0, count: total + 1)
        ways[0] = 1
        var reach = 0
        for rank in doubledRanks {
            reach += rank
            for s in stride(from: reach, through: 0, by: -1) {
                ways[s] = 0.5 * (ways[s] + (s >= rank ? ways[s - rank] : 0))
            }
        }
        return ways[0...min(limit, total)].reduce(0, +)
    }
}
