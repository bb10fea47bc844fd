import ArgumentParser
import Daemon
import Foundation
import Pipeline

/// `msl config check`: validates a daemon configuration as the daemon would at start, and more.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check a daemon configuration.", subcommands: [ConfigCheck.self])
}

struct ConfigCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a daemon configuration file and what it points to.",
        discussion: """
            Parses the TOML file strictly (unknown keys and wrong types are errors), applies the rules the daemon \
            applies at start, then checks that each folder exists or can be created and is writable, that the \
            pipeline configuration it names loads, and that the model loads. Exit status 0 when all is well, 1 \
            otherwise, with one line per problem.
            """
    )

    @Argument(help: "The configuration file.")
    var file = "/etc/msl/msl.toml"

    func run() throws {
        let configuration: DaemonConfiguration
        do { configuration = try DaemonConfiguration.load(file) } catch {
            print("error: \(error)")
            throw ExitCode(1)
        }
        var problems: [String] = []
        let folders = configuration.folders
        for (key, folder) in folders.inboxes.map({ ("folders.inboxes", $0) }) + [
            ("folders.work", folders.work), ("folders.outbox", folders.outbox), ("folders.quarantine", folders.quarantine),
            ("folders.archive", folders.archive), ("folders.state", folders.state),
        ] {
            var existing = folder
            while !FileManager.default.fileExists(atPath: existing) { existing = (existing as NSString).deletingLastPathComponent }
            if access(existing, W_OK | X_OK) != 0 {
                problems.append("\(key): \(existing) is not writable by this user (\(folder == existing ? "the folder" : "to create \(folder)"))")
            }
        }
        do {
            let pipeline = try configuration.processing.configuration.isEmpty
                ? PipelineConfiguration()
                : PipelineConfiguration.load(from: URL(fileURLWithPath: configuration.processing.configuration))
            _ = try ModelLocation.load(pipeline.reconstruction.model)
        } catch {
            problems.append("processing.configuration: \(error)")
        }
        if problems.isEmpty {
            print("\(file): valid (\(folders.inboxes.count) inbox(es), \(configuration.workers.jobs) worker(s), "
                + "\(configuration.exports.count) export destination(s))")
        } else {
            for problem in problems { print("error: \(problem)") }
            throw ExitCode(1)
        }
    }
}
