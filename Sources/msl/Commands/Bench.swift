import ArgumentParser

/// `msl bench …`: performance measurements, printed as a table and written as JSON.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure performance against baselines timed in the same run.",
        subcommands: [BenchEngine.self, BenchPhysics.self, BenchDICOM.self, BenchRegistration.self, BenchMSL.self]
    )
}
