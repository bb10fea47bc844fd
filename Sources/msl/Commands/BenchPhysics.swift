import ArgumentParser
import BenchmarkKit
import Foundation

/// `msl bench physics`: the sensor simulation against scikit-image and ASTRA.
struct BenchPhysics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physics",
        abstract: "Time CT projection/FBP and MR simulation per 384² slice against scikit-image and ASTRA.",
        discussion: """
            Prints a table and writes JSON. The references (Benchmarks/physics_reference.py: \
            scikit-image radon/iradon and ASTRA's CPU parallel-beam projector and FBP) run in the \
            same session on the same parallel geometry; a missing library is reported and skipped.
            """
    )

    @Option(help: "Threads for msl and the references.")
    var threads = 2

    @Option(help: "Timed repeats per task (the median is reported).")
    var repeats = 3

    @Option(help: "The reference timing script.")
    var referenceScript = "Benchmarks/physics_reference.py"

    @Flag(help: "Skip the reference libraries.")
    var noReference = false

    @Option(help: "Where to write the JSON report.")
    var output = "bench-results/physics.json"

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let benchmark = PhysicsBenchmark(threads: threads, repeats: repeats, referenceScript: noReference ? nil : referenceScript)
        let report = try benchmark.run { message in
            FileHandle.standardError.write(Data("msl bench physics: \(message)\n".utf8))
        }
        print(report.table())
        try writeJSON(report, to: output)
        print("JSON written to \(output)")
    }
}
