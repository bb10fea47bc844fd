import Foundation
import Testing

@testable import Evaluation

/// The statistics of every table against SciPy (`Fixtures/make_statistics_fixture.py` made `statistics.json`):
/// the Wilcoxon signed-rank test's n, statistic and p-value on the exact path (with and without ties and zero
/// differences) and the normal approximation, and the mean ± SD.
@Suite struct StatisticsTests {
    struct Fixture: Decodable {
        struct WilcoxonCase: Decodable {
            let name: String
            let a: [Double]
            let b: [Double]
            let n: Int
            let statistic: Double
            let p: Double
        }

        struct SummaryCase: Decodable {
            let values: [Double]
            let mean: Double
            let sd: Double?
        }

        let wilcoxon: [WilcoxonCase]
        let summaries: [SummaryCase]
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "statistics", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: fixture.wilcoxon.map(\.name))
    func wilcoxonMatchesSciPy(name: String) throws {
        let c = try #require(Self.fixture.wilcoxon.first { $0.name == name })
        let test = try #require(WilcoxonSignedRank(c.a, c.b))
        #expect(test.n == c.n)
        #expect(test.statistic == c.statistic)
        #expect(abs(test.pValue - c.p) <= 1e-9 * max(1, c.p), "p \(test.pValue) against SciPy's \(c.p)")
        #expect(test.method == (c.n > WilcoxonSignedRank.exactLimit ? .normalApproximation : .exact))
    }

    @Test func wilcoxonIsSymmetricAndRefusesWhatCannotBeTested() throws {
        let a = [0.91, 0.93, 0.95, 0.90, 0.97]
        let b = [0.90, 0.91, 0.96, 0.87, 0.93]
        let forward = try #require(WilcoxonSignedRank(a, b))
        let backward = try #require(WilcoxonSignedRank(b, a))
        #expect(forward.pValue == backward.pValue && forward.statistic == backward.statistic)
        #expect(WilcoxonSignedRank([1, 2], [1, 2]) == nil, "no non-zero difference")
        #expect(WilcoxonSignedRank([1, 2], [1]) == nil, "unpaired")
        // All five differences of one sign: the smallest exact p, 2 / 2⁵.
        #expect(WilcoxonSignedRank([2, 3, 4, 5, 6], [1, 1, 1, 1, 1])?.pValue == 0.0625)
    }

    @Test func summaryMatchesNumPy() throws {
        for c in Self.fixture.summaries {
            let s = try #require(Summary(c.values))
            #expect(abs(s.mean - c.mean) <= 1e-12)
            #expect(s.count == c.values.count)
            if let sd = c.sd {
                #expect(abs(try #require(s.standardDeviation) - sd) <= 1e-12)
            } else {
                #expect(s.standardDeviation == nil)
            }
        }
        #expect(Summary([]) == nil)
    }
}
