import Foundation
import Testing

@testable import DICOM

/// Where the reader tests find their inputs: the shared real DICOM corpora (`../shared/data/dicom`
/// next to the repository) and the synthetic files and golden values made by
/// `Fixtures/reader_make_fixtures.sh`.
enum ReaderFixtures {
    /// The repository root: this file is `<root>/Tests/DICOMTests/DICOMFileFixtures.swift`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data/dicom` relative to the repository root.
    static let sharedDICOM = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/dicom", isDirectory: true)

    /// The path of a file of the shared corpora, e.g. "ct-head-gantry-tilt/01.dcm"; fails the test when missing.
    static func shared(_ relativePath: String) throws -> String {
        let path = sharedDICOM.appendingPathComponent(relativePath).path
        try #require(
            FileManager.default.fileExists(atPath: path),
            "shared test data missing: \(path) (see shared/data/README.md)")
        return path
    }

    /// The sorted paths of the `.dcm` files in a shared folder.
    static func sharedFolder(_ folder: String) throws -> [String] {
        let url = sharedDICOM.appendingPathComponent(folder, isDirectory: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".dcm") }
        return names.sorted().map { url.appendingPathComponent($0).path }
    }

    /// A file of the test bundle's Fixtures folder, e.g. "reader_s8_odd.dcm".
    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: name)
        let found = Bundle.module.url(
            forResource: url.deletingPathExtension().lastPathComponent, withExtension: url.pathExtension,
            subdirectory: "Fixtures")
        return try #require(found, "fixture \(name) missing from the test bundle").path
    }

    /// A fresh temporary folder, removed by the caller with `removeItem`.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "msl-reader-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// One attribute line of `dcmdump -q -Un +L` output: "(0028,0030) DS [0.4882812\0.4882812]  #  20, 2 PixelSpacing".
struct DumpedAttribute: Equatable {
    var tag: String  // "(0028,0030)", upper case
    var vr: String
    var value: String  // brackets removed; "" for "(no value available)"

    var values: [String] { value.split(separator: "\\", omittingEmptySubsequences: false).map(String.init) }
    var doubles: [Double] { values.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
}

/// `Fixtures/reader_dcmdump.txt`: per file (relative to the shared corpora), the dcmdump lines by tag.
struct DcmdumpGolden {
    let files: [String: [String: DumpedAttribute]]

    init() throws {
        let text = try String(contentsOfFile: try ReaderFixtures.fixture("reader_dcmdump.txt"), encoding: .utf8)
        var files: [String: [String: DumpedAttribute]] = [:]
        var current: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# file: ") {
                current = String(line.dropFirst("# file: ".count))
                files[current!] = [:]
                continue
            }
            guard let file = current, line.hasPrefix("("), let hash = line.range(of: " #", options: .backwards)
            else { continue }
            let body = line[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            let tag = String(body.prefix(11)).uppercased()
            let vr = String(body.dropFirst(12).prefix(2))
            var value = String(body.dropFirst(15))
            if value.hasPrefix("[") && value.hasSuffix("]") { value = String(value.dropFirst().dropLast()) }
            if value == "(no value available)" { value = "" }
            files[file]![tag] = DumpedAttribute(tag: tag, vr: vr, value: value)
        }
        self.files = files
    }

    /// The dumped attribute `tag` ("(0020,0032)") of `file`; fails the test when absent.
    func attribute(_ file: String, _ tag: String) throws -> DumpedAttribute {
        try #require(files[file]?[tag], "\(tag) of \(file) not in reader_dcmdump.txt")
    }
}

/// `Fixtures/reader_pixels.txt`: stored values of frame 0 read by `dcmdump +W` and `od`, per file.
struct StoredPixelGolden {
    struct Entry {
        var rows: Int, columns: Int, bitsStored: Int, signed: Bool
        var count: Int, sum: Double, sumOfSquares: Double, min: Double, max: Double
        var samples: [(index: Int, value: Double)]
    }

    let entries: [String: Entry]

    init() throws {
        let text = try String(contentsOfFile: try ReaderFixtures.fixture("reader_pixels.txt"), encoding: .utf8)
        var entries: [String: Entry] = [:]
        var current: String?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            if fields[0] == "file" {
                let n = fields[2...].map { Double($0)! }
                current = fields[1]
                entries[fields[1]] = Entry(
                    rows: Int(n[0]), columns: Int(n[1]), bitsStored: Int(n[2]), signed: n[3] == 1, count: Int(n[4]),
                    sum: n[5], sumOfSquares: n[6], min: n[7], max: n[8], samples: [])
            } else if fields[0] == "sample", let file = current {
                entries[file]!.samples.append((Int(fields[1])!, Double(fields[2])!))
            }
        }
        self.entries = entries
    }

    func entry(_ file: String) throws -> Entry {
        try #require(entries[file], "\(file) not in reader_pixels.txt")
    }
}
