import DICOM
import Foundation

/// `msl bench dicom`: index and load real series into volumes, next to dcm2niix converting the
/// same folders in the same run. dcm2niix's time includes writing an uncompressed NIfTI file to
/// a temporary folder (`-z n`, no JSON sidecar); ours ends with the volume in memory.
public struct DICOMBenchmark {
    public struct Row: Codable, Sendable {
        public let name: String
        public let files: Int
        public let slices: Int
        public let seconds: Double
        public let dcm2niixSeconds: Double?
        public let speedupOverDcm2niix: Double?
    }

    public struct Report: Codable, Sendable {
        public let threads: Int
        public let repeats: Int
        public let dcm2niixVersion: String?
        public let note: String?
        public let rows: [Row]

        public func table() -> String {
            var lines = ["\(threads) thread(s), median of \(repeats)" + (dcm2niixVersion.map { "; \($0)" } ?? "")]
            if let note { lines.append(note) }
            lines += TextTable.render(
                header: ["series", "files", "slices", "msl ms", "dcm2niix ms", "× dcm2niix"],
                rows: rows.map {
                    [
                        $0.name, "\($0.files)", "\($0.slices)", TextTable.number($0.seconds * 1000, "%.1f"),
                        TextTable.number($0.dcm2niixSeconds.map { $0 * 1000 }, "%.1f"),
                        TextTable.number($0.speedupOverDcm2niix, "%.2f"),
                    ]
                })
            return lines.joined(separator: "\n")
        }
    }

    public let folders: [(name: String, path: String)]
    public let threads: Int
    public let repeats: Int
    public let dcm2niix: String?

    public init(folders: [(name: String, path: String)], threads: Int, repeats: Int, dcm2niix: String?) {
        self.folders = folders
        self.threads = threads
        self.repeats = repeats
        self.dcm2niix = dcm2niix
    }

    public func run(progress: (String) -> Void) throws -> Report {
        let stopwatch = Stopwatch(warmup: 1, repeats: repeats)
        var note: String?
        var version: String?
        if let dcm2niix, !FileManager.default.isExecutableFile(atPath: dcm2niix) {
            note = "dcm2niix skipped: \(dcm2niix) not found (Debian package dcm2niix)"
        } else if let dcm2niix {
            version = try? Self.run(dcm2niix, ["-v"]).split(separator: "\n").first { $0.contains("version") }.map(String.init)
        } else {
            note = "dcm2niix skipped: --no-reference"
        }
        var rows: [Row] = []
        for folder in folders {
            progress("\(folder.name) …")
            var files = 0
            var slices = 0
            var failure: Error?
            let seconds = stopwatch.median {
                do {
                    let scan = try DirectoryScanner(threads: threads).scan(folder.path)
                    let index = SeriesIndex.build(from: scan.instances)
                    guard let series = index.allSubSeries.max(by: { $0.instances.count < $1.instances.count }) else {
                        throw DICOMError.io(path: folder.path, reason: "no DICOM series found")
                    }
                    let volume = try SeriesLoader(threads: threads).load(series)
                    files = scan.instances.count
                    slices = volume.volume.geometry.size.z
                } catch { failure = error }
            }
            if let failure { throw failure }
            var reference: Double?
            if note == nil, let dcm2niix {
                progress("\(folder.name) in dcm2niix …")
                let output = FileManager.default.temporaryDirectory.appendingPathComponent("msl-bench-dcm2niix-\(getpid())")
                try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: output) }
                reference = stopwatch.median {
                    _ = try? Self.run(dcm2niix, ["-z", "n", "-b", "n", "-f", "volume", "-o", output.path, folder.path])
                    try? FileManager.default.contentsOfDirectory(atPath: output.path).forEach {
                        try? FileManager.default.removeItem(atPath: output.appendingPathComponent($0).path)
                    }
                }
            }
            rows.append(
                Row(
                    name: folder.name, files: files, slices: slices, seconds: seconds, dcm2niixSeconds: reference,
                    speedupOverDcm2niix: reference.map { $0 / seconds }))
        }
        return Report(threads: threads, repeats: repeats, dcm2niixVersion: version, note: note, rows: rows)
    }

    /// Runs a program, returning its standard output (errors discarded).
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
