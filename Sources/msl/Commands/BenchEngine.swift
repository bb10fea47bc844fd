import ArgumentParser
import BenchmarkKit
import Foundation

/// `msl bench engine`: the Tensor engine on the paper preset's layer shapes.
struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Time the paper preset's heaviest layers against sgemm and PyTorch.",
        discussion: """
            Prints a table and writes JSON. Ratios are to OpenBLAS sgemm GFLOP/s and to PyTorch \
            (Benchmarks/engine_torch.py, Debian python3-torch), both measured in the same run on \
            the same thread count. Without PyTorch the anchor columns are empty and a note says why.
            """
    )

    @Option(help: "Threads for the engine, OpenBLAS and PyTorch.")
    var threads = 2

    @Option(help: "Timed repeats per layer (the median is reported).")
    var repeats = 5

    @Option(help: "Untimed warm-up iterations per layer.")
    var warmup = 2

    @Option(help: "The PyTorch anchor script.")
    var torchScript = "Benchmarks/engine_torch.py"

    @Flag(help: "Skip the PyTorch anchor.")
    var noTorch = false

    @Option(name: .customLong("only"), help: "Run only this layer (repeatable). Names: \(EngineBenchmark.layerNames.joined(separator: ", ")).")
    var layers: [String] = []

    @Option(help: "Where to write the JSON report.")
    var output = "bench-results/engine.json"

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        let unknown = layers.filter { !EngineBenchmark.layerNames.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError("unknown layer(s) \(unknown.joined(separator: ", ")); known: \(EngineBenchmark.layerNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        let benchmark = EngineBenchmark(
            threads: threads, repeats: repeats, warmup: warmup, torchScript: noTorch ? nil : torchScript,
            only: Set(layers))
        let report = benchmark.run { message in
            FileHandle.standardError.write(Data("msl bench engine: \(message)\n".utf8))
        }
        print(report.table())
        try writeJSON(report, to: output)
        print("JSON written to \(output)")
    }
}

/// Writes `value` as pretty, key-sorted JSON, creating the parent folder; atomic replace.
func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try encoder.encode(value).write(to: url, options: .atomic)
}
