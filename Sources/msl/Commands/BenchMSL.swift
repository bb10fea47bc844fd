import ArgumentParser
import BenchmarkKit
import Foundation

/// `msl bench msl`: the MSL network per slice against the PyTorch replica of the authors' network.
struct BenchMSL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msl",
        abstract: "Time the MSL network per slice (encode, decode, λ-map step, training) against PyTorch.",
        discussion: """
            Prints a table and writes JSON. Per slice (batch 1) for each preset: encode (encoders, \
            transformer, fused features), decode one λ, encode + 5 λ, one λ-map optimiser step, and \
            for compact one training iteration at batch 4. PyTorch (Benchmarks/msl_torch.py, the \
            replica in Tests/MSLModelTests/Fixtures/msl_reference.py, Debian python3-torch) runs the \
            same shapes on the same threads in the same run. GFLOP/s come from analytic counts \
            (MSLFlops) and are compared with OpenBLAS sgemm measured in the same run.
            """
    )

    @Option(help: "Threads for msl, OpenBLAS and PyTorch.")
    var threads = 2

    @Option(help: "Timed repeats per case (the median is reported).")
    var repeats = 3

    @Option(help: "Untimed warm-up runs per case.")
    var warmup = 1

    @Option(help: "Comma-separated presets to run, in order: compact, paper.")
    var presets = "compact,paper"

    @Option(help: "The PyTorch anchor script.")
    var torchScript = "Benchmarks/msl_torch.py"

    @Flag(help: "Skip the PyTorch anchor.")
    var noTorch = false

    @Option(help: "Where to write the JSON report.")
    var output = "bench-results/msl.json"

    /// The presets named by `--presets` (`tiny`, for tests, is accepted but not advertised).
    var chosenPresets: [MSLBenchmark.Preset] {
        presets.split(separator: ",").compactMap { MSLBenchmark.Preset(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        let names = presets.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let unknown = names.filter { MSLBenchmark.Preset(rawValue: $0) == nil }
        let known = MSLBenchmark.Preset.listed.map(\.rawValue).joined(separator: ", ")
        guard unknown.isEmpty else {
            throw ValidationError("unknown preset(s) \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in --presets; known: \(known)")
        }
    }

    func run() throws {
        let benchmark = MSLBenchmark(
            threads: threads, repeats: repeats, warmup: warmup, presets: chosenPresets,
            torchScript: noTorch ? nil : torchScript)
        let report = try benchmark.run { message in
            FileHandle.standardError.write(Data("msl bench msl: \(message)\n".utf8))
        }
        print(report.table())
        try writeJSON(report, to: output)
        print("JSON written to \(output)")
    }
}
