import Foundation
import Testing

/// The `msl` executable as a user runs it: help texts verbatim, exit statuses, and one real
/// (small) benchmark run that writes its JSON report.
@Suite struct CommandLineTests {
    /// The built `msl` binary, next to the test bundle in the build products folder.
    static var executable: URL {
        let products = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?
            .deletingLastPathComponent() ?? Bundle.main.bundleURL
        return products.appendingPathComponent("msl")
    }

    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }

    @Test func rootHelp() throws {
        let outcome = try Self.run(["--help"])
        #expect(outcome.status == 0)
        #expect(
            outcome.output == """
                OVERVIEW: Multi-sensor learning (MSL) reconstruction for CT and MR DICOM series.

                USAGE: msl <subcommand>

                OPTIONS:
                  --version               Show the version.
                  -h, --help              Show help information.

                SUBCOMMANDS:
                  bench                   Measure performance against baselines timed in the
                                          same run.

                  See 'msl help <subcommand>' for detailed help.

                """)
    }

    @Test func benchEngineHelp() throws {
        let outcome = try Self.run(["bench", "engine", "--help"])
        #expect(outcome.status == 0)
        #expect(
            outcome.output == """
                OVERVIEW: Time the paper preset's heaviest layers against sgemm and PyTorch.

                Prints a table and writes JSON. Ratios are to OpenBLAS sgemm GFLOP/s and to
                PyTorch (Benchmarks/engine_torch.py, Debian python3-torch), both measured in
                the same run on the same thread count. Without PyTorch the anchor columns are
                empty and a note says why.

                USAGE: msl bench engine [--threads <threads>] [--repeats <repeats>] [--warmup <warmup>] [--torch-script <torch-script>] [--no-torch] [--only <only> ...] [--output <output>]

                OPTIONS:
                  --threads <threads>     Threads for the engine, OpenBLAS and PyTorch.
                                          (default: 2)
                  --repeats <repeats>     Timed repeats per layer (the median is reported).
                                          (default: 5)
                  --warmup <warmup>       Untimed warm-up iterations per layer. (default: 2)
                  --torch-script <torch-script>
                                          The PyTorch anchor script. (default:
                                          Benchmarks/engine_torch.py)
                  --no-torch              Skip the PyTorch anchor.
                  --only <only>           Run only this layer (repeatable). Names:
                                          conv7x7_1to64_384, conv4x4s2_64to128_384,
                                          conv3x3_256to256_96, convT3x3s2_128to64_to384,
                                          attention_2305x1024.
                  --output <output>       Where to write the JSON report. (default:
                                          bench-results/engine.json)
                  --version               Show the version.
                  -h, --help              Show help information.


                """)
    }

    @Test(arguments: [
        (["bench", "engine", "--only", "nope"], "unknown layer(s) nope"),
        (["bench", "engine", "--threads", "0"], "--threads must be at least 1"),
        (["bench", "engine", "--repeats", "0"], "--repeats must be at least 1"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func invalidUsageExitsWith64(arguments: [String], message: String) throws {
        let outcome = try Self.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains(message), "stderr: \(outcome.errors)")
    }

    /// One small real run: the 7×7 layer, one repeat, no PyTorch. Checks the table and the JSON.
    @Test func benchEngineWritesItsReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("msl-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("out/engine.json")
        let outcome = try Self.run([
            "bench", "engine", "--only", "conv7x7_1to64_384", "--repeats", "1", "--warmup", "0", "--no-torch",
            "--output", report.path,
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output.contains("PyTorch anchor skipped: --no-torch"))
        #expect(outcome.output.contains("conv7x7_1to64_384"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        let rows = json?["rows"] as? [[String: Any]]
        #expect(rows?.count == 1)
        let row = rows?.first
        #expect(row?["name"] as? String == "conv7x7_1to64_384")
        #expect((row?["forwardGFLOPS"] as? Double ?? 0) > 0)
        #expect((json?["sgemmGFLOPS"] as? Double ?? 0) > 0)
        #expect(row?["torchForwardGFLOPS"] == nil)
    }
}
