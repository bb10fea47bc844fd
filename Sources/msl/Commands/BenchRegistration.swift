import ArgumentParser
import BenchmarkKit
import Foundation

/// `msl bench registration`: accuracy (TRE) and time against SimpleITK on a known offset.
struct BenchRegistration: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registration",
        abstract: "Register a head volume onto itself after a known rigid offset; TRE and time against SimpleITK.",
        discussion: """
            The fixed volume is an uncompressed NIfTI-1 file (default: Colin27, decompressed from \
            Debian mricron-data by `make bench-registration`). msl runs its default and `authors` \
            presets; Benchmarks/registration_reference.py runs SimpleITK with the authors' settings \
            and with regular-step gradient descent and 10 % sampling, on the same experiment.
            """
    )

    @Option(help: "Fixed volume, NIfTI-1 (.nii, uncompressed).")
    var fixed = "out/bench/colin27-t1.nii"

    @Option(parsing: .upToNextOption, help: "Rotation about x, y, z in degrees (ITK Euler3D, about the image centre).")
    var angles: [Double] = [0, 0, 6]

    @Option(parsing: .upToNextOption, help: "Translation x, y, z in mm.")
    var translation: [Double] = [6, 8, 0]

    @Option(help: "Threads for SimpleITK.")
    var threads = 2

    @Option(help: "The SimpleITK reference script.")
    var referenceScript = "Benchmarks/registration_reference.py"

    @Flag(help: "Skip SimpleITK.")
    var noReference = false

    @Option(help: "Where to write the JSON report.")
    var output = "bench-results/registration.json"

    func validate() throws {
        guard angles.count == 3, translation.count == 3 else {
            throw ValidationError("--angles and --translation take three numbers each")
        }
        guard FileManager.default.fileExists(atPath: fixed) else {
            throw ValidationError("\(fixed): no such file (run `make bench-registration`, or pass --fixed)")
        }
    }

    func run() throws {
        let benchmark = RegistrationBenchmark(
            fixedPath: fixed, anglesDegrees: SIMD3(angles[0], angles[1], angles[2]),
            translationMM: SIMD3(translation[0], translation[1], translation[2]), threads: threads,
            referenceScript: noReference ? nil : referenceScript)
        let report = try benchmark.run { message in
            FileHandle.standardError.write(Data("msl bench registration: \(message)\n".utf8))
        }
        print(report.table())
        try writeJSON(report, to: output)
        print("JSON written to \(output)")
    }
}
