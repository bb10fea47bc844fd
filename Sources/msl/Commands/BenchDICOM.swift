import ArgumentParser
import BenchmarkKit
import Foundation

/// `msl bench dicom`: series indexing and volume loading against dcm2niix.
struct BenchDICOM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dicom",
        abstract: "Time indexing and loading real DICOM series against dcm2niix.",
        discussion: """
            By default loads the 384-slice oblique T1 and the 28-slice gantry-tilt CT of \
            ../shared/data/dicom (scan, index, geometry gate, decode, assemble) and runs dcm2niix \
            on the same folders in the same run. dcm2niix's time includes writing an uncompressed \
            NIfTI file; ours ends with the volume in memory.
            """
    )

    @Option(name: .customLong("series"), help: "NAME=FOLDER to load (repeatable; default: the shared T1 and CT).")
    var series: [String] = []

    @Option(help: "Threads for reading and decoding.")
    var threads = 2

    @Option(help: "Timed repeats (the median is reported).")
    var repeats = 5

    @Option(help: "The dcm2niix executable.")
    var dcm2niix = "/usr/bin/dcm2niix"

    @Flag(help: "Skip dcm2niix.")
    var noReference = false

    @Option(help: "Where to write the JSON report.")
    var output = "bench-results/dicom.json"

    static let defaultSeries = [
        "mr-t1-oblique-384=../shared/data/dicom/mr-head-t1-oblique",
        "ct-gantry-tilt-28=../shared/data/dicom/ct-head-gantry-tilt",
    ]

    func folders() throws -> [(name: String, path: String)] {
        try (series.isEmpty ? Self.defaultSeries : series).map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--series must look like NAME=FOLDER, got '\(entry)'")
            }
            return (parts[0], parts[1])
        }
    }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        for folder in try folders() where !FileManager.default.fileExists(atPath: folder.path) {
            throw ValidationError("\(folder.path): no such folder (series \(folder.name))")
        }
    }

    func run() throws {
        let benchmark = DICOMBenchmark(
            folders: try folders(), threads: threads, repeats: repeats, dcm2niix: noReference ? nil : dcm2niix)
        let report = try benchmark.run { message in
            FileHandle.standardError.write(Data("msl bench dicom: \(message)\n".utf8))
        }
        print(report.table())
        try writeJSON(report, to: output)
        print("JSON written to \(output)")
    }
}
