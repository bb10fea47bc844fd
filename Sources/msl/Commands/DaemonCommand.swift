import ArgumentParser
import Daemon
import Foundation

/// The configuration file option shared by the daemon and the operator commands.
struct DaemonConfigOption: ParsableArguments {
    @Option(name: .customLong("config"), help: "Daemon configuration (TOML; see Config/msl.toml).")
    var path = "/etc/msl/msl.toml"

    /// Opens the journal the configuration names, for an operator command.
    func journal() throws -> Journal {
        let configuration = try DaemonConfiguration.load(path)
        guard FileManager.default.fileExists(atPath: configuration.journalPath) else {
            throw DaemonConfigurationError.invalid(
                file: path, key: "folders.state",
                reason: "no journal at \(configuration.journalPath): has the daemon run with this configuration?")
        }
        return try Journal(path: configuration.journalPath)
    }
}

/// `msl daemon`: the long-running service (systemd starts it; see Systemd/ and the README's operator section).
struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Watch the inboxes and process every complete study (the systemd service).",
        discussion: """
            Watches the configured inboxes (inotify, close-write and moved-to only), admits each DICOM file after \
            parsing it fully, groups files into jobs (a top-level inbox folder or a patient), waits until the study \
            is complete (series quiet time and structure, expected modalities or a timeout), runs msl process on \
            it into the outbox, and then archives or removes the inputs. Bad input goes to quarantine/<reason>/<job>/ \
            with reason.json; transient failures are retried with backoff. Every step is recorded in the SQLite \
            journal before it happens, so a restart carries on. Logs are JSON lines on stderr without patient \
            identifiers; metrics are Prometheus text. SIGTERM parks running jobs at their next stage and exits; \
            SIGHUP reloads the configuration. Speaks the systemd notify protocol when NOTIFY_SOCKET is set.
            """
    )

    @OptionGroup var config: DaemonConfigOption

    func run() throws {
        let daemon: Daemon
        do { daemon = try Daemon(configurationPath: config.path) } catch {
            FileHandle.standardError.write(Data("msl daemon: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let status = try daemon.run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// `msl status`: the journal's summary.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Summarise the daemon's journal: jobs per state, quarantine, exports.")

    @OptionGroup var config: DaemonConfigOption

    func run() throws { print(try OperatorActions(journal: config.journal()).status()) }
}

/// `msl jobs`: a table of jobs.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List the daemon's jobs, newest first.")

    @OptionGroup var config: DaemonConfigOption

    @Option(help: "Only jobs in this state (received, complete, queued, running, succeeded, failed, quarantined).")
    var state: String?

    @Option(help: "At most this many jobs.")
    var limit = 50

    func validate() throws {
        if let state, JobState(rawValue: state) == nil {
            throw ValidationError("--state \(state) is not one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        print(try OperatorActions(journal: config.journal()).jobs(state: state.flatMap(JobState.init), limit: limit))
    }
}

/// `msl requeue JOB`.
struct RequeueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requeue",
        abstract: "Queue a failed job again (or re-send a succeeded job's failed export).")

    @OptionGroup var config: DaemonConfigOption

    @Argument(help: "Job id, as msl jobs prints it (e.g. j000012).")
    var job: String

    func run() throws { print(try OperatorActions(journal: config.journal()).requeue(job)) }
}

/// `msl release JOB`.
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Take a job out of quarantine and process it again.",
        discussion: "Read quarantine/<reason>/<job>/reason.json and fix the cause first; the inputs stay in the "
            + "quarantine folder until the job ends, then go to the archive (or back to quarantine).")

    @OptionGroup var config: DaemonConfigOption

    @Argument(help: "Job id, as msl jobs prints it (e.g. j000012).")
    var job: String

    func run() throws { print(try OperatorActions(journal: config.journal()).release(job)) }
}
