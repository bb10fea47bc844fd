import ArgumentParser
import DICOM

/// The msl command line: one subcommand per job (DESIGN.md §2). Each subcommand parses and
/// validates its options, then calls a library target that does the work.
@main
struct MSL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msl",
        abstract: "Multi-sensor learning (MSL) reconstruction for CT and MR DICOM series.",
        version: MSLIdentity.softwareVersion,
        subcommands: [
            ProcessCommand.self, Demo.self, PhantomCommand.self, DatasetCommand.self, Simulate.self, Register.self, Train.self,
            ModelCommand.self, Bench.self, DaemonCommand.self, StatusCommand.self, JobsCommand.self, RequeueCommand.self,
            ReleaseCommand.self, ConfigCommand.self, Evaluate.self,
        ]
    )
}
