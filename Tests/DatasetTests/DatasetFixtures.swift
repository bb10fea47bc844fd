import Foundation
import Testing

/// The golden files written by the scripts in `Fixtures/` (scikit-image, scipy).
enum DatasetFixtures {
    /// One `threshold_li` case of `li_golden.json`.
    struct LiCase: Decodable, CustomTestStringConvertible {
        let name: String
        let width: Int
        let height: Int
        let pixels: [Float]
        let threshold: Double
        var testDescription: String { name }
    }

    /// One `binary_fill_holes` case of `fill_holes_golden.json`.
    struct FillCase: Decodable, CustomTestStringConvertible {
        let name: String
        let width: Int
        let height: Int
        let mask: [Int]
        let filled: [Int]
        var testDescription: String { name }
    }

    private struct Document<Case: Decodable>: Decodable {
        let cases: [Case]
    }

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
    }

    static func cases<Case: Decodable>(_ name: String, as type: Case.Type) -> [Case] {
        // Test arguments are evaluated before a test runs; a missing fixture yields no cases, which the
        // `fixturesArePresent` test reports.
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return (try? JSONDecoder().decode(Document<Case>.self, from: data).cases) ?? []
    }

    static let li = cases("li_golden", as: LiCase.self)
    static let fill = cases("fill_holes_golden", as: FillCase.self)
}

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init(_ label: String = "dataset") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("msl-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// |a − b| ≤ atol + rtol·|b|.
func isClose(_ a: Double, _ b: Double, rtol: Double, atol: Double = 0) -> Bool {
    abs(a - b) <= atol + rtol * abs(b)
}
