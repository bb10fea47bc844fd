import Foundation
import TOMLKit

extension DaemonConfiguration {
    /// Reads and validates the TOML file at `path`.
    ///
    /// - Throws: `DaemonConfigurationError` naming the file, the key (`workers.jobs`) and the problem.
    public static func load(_ path: String) throws -> DaemonConfiguration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DaemonConfigurationError.unreadable(file: path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    /// Parses and validates TOML `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> DaemonConfiguration {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw DaemonConfigurationError.unreadable(
                file: file,
                reason: "not valid TOML at line \(error.source.begin.line), column \(error.source.begin.column): "
                    + error.description)
        }
        var root = TOMLSection(table, name: "", file: file)
        var configuration = DaemonConfiguration()
        if var folders = try root.table("folders") {
            try folders.strings("inboxes", into: &configuration.folders.inboxes)
            try folders.string("work", into: &configuration.folders.work)
            try folders.string("outbox", into: &configuration.folders.outbox)
            try folders.string("quarantine", into: &configuration.folders.quarantine)
            try folders.string("archive", into: &configuration.folders.archive)
            try folders.string("state", into: &configuration.folders.state)
            try folders.finish()
        }
        if var intake = try root.table("intake") {
            try intake.choice("group_by", into: &configuration.intake.groupBy)
            try intake.strings("modalities", into: &configuration.intake.modalities)
            try intake.integer("min_free_mib", into: &configuration.intake.minimumFreeMiB)
            try intake.choice("after_success", into: &configuration.intake.afterSuccess)
            try intake.finish()
        }
        if var completeness = try root.table("completeness") {
            try completeness.number("series_quiet_seconds", into: &configuration.completeness.seriesQuietSeconds)
            try completeness.number("study_timeout_seconds", into: &configuration.completeness.studyTimeoutSeconds)
            try completeness.number("study_force_seconds", into: &configuration.completeness.studyForceSeconds)
            try completeness.strings("expected_modalities", into: &configuration.completeness.expectedModalities)
            try completeness.finish()
        }
        if var workers = try root.table("workers") {
            try workers.integer("jobs", into: &configuration.workers.jobs)
            try workers.integer("memory_budget_mib", into: &configuration.workers.memoryBudgetMiB)
            try workers.integer("threads", into: &configuration.workers.threads)
            try workers.finish()
        }
        if var retry = try root.table("retry") {
            try read(&retry, into: &configuration.retry)
            try retry.finish()
        }
        if var processing = try root.table("processing") {
            try processing.string("configuration", into: &configuration.processing.configuration)
            try processing.finish()
        }
        if var metrics = try root.table("metrics") {
            try metrics.string("file", into: &configuration.metrics.file)
            try metrics.number("interval_seconds", into: &configuration.metrics.intervalSeconds)
            try metrics.finish()
        }
        for var export in try root.tables("export") {
            var destination = ExportDestination(name: "", host: "", port: 0, calledAETitle: "")
            try export.string("name", into: &destination.name)
            try export.string("host", into: &destination.host)
            try export.integer("port", into: &destination.port)
            try export.string("called_ae", into: &destination.calledAETitle)
            try export.string("calling_ae", into: &destination.callingAETitle)
            try export.integer("timeout_seconds", into: &destination.timeoutSeconds)
            try read(&export, into: &destination.retry)
            try export.finish()
            configuration.exports.append(destination)
        }
        try root.finish()
        try configuration.validate(file: file)
        return configuration
    }

    private static func read(_ section: inout TOMLSection, into retry: inout Retry) throws {
        try section.integer("max_attempts", into: &retry.maxAttempts)
        try section.numbers("backoff_seconds", into: &retry.backoffSeconds)
    }
}
