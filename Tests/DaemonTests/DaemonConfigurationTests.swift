import Foundation
import Testing

@testable import Daemon

/// The TOML configuration: the shipped `Config/msl.toml` states exactly the defaults, and every kind of mistake
/// is an error naming the file and the key.
@Suite struct DaemonConfigurationTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/msl.toml").path

    func error(_ text: String) -> String {
        do {
            _ = try DaemonConfiguration.parse(text, file: "t.toml")
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func shippedFileStatesTheDefaults() throws {
        #expect(try DaemonConfiguration.load(Self.shipped) == DaemonConfiguration())
        #expect(try DaemonConfiguration.parse("", file: "empty.toml") == DaemonConfiguration())
    }

    @Test func everyKeyIsRead() throws {
        let configuration = try DaemonConfiguration.parse(
            """
            [folders]
            inboxes = ["/srv/a", "/srv/b"]
            work = "/srv/w"
            outbox = "/srv/o"
            quarantine = "/srv/q"
            archive = "/srv/r"
            state = "/srv/s"
            [intake]
            group_by = "patient"
            modalities = ["MR"]
            min_free_mib = 10
            after_success = "remove"
            [completeness]
            series_quiet_seconds = 2.5
            study_timeout_seconds = 5
            study_force_seconds = 9
            expected_modalities = ["MR"]
            [workers]
            jobs = 3
            memory_budget_mib = 1000
            threads = 1
            [retry]
            max_attempts = 2
            backoff_seconds = [1, 2.5]
            [processing]
            configuration = "/etc/msl/pipeline.yaml"
            [metrics]
            file = "/srv/m.prom"
            interval_seconds = 1
            [[export]]
            name = "pacs"
            host = "10.0.0.5"
            port = 11112
            called_ae = "ORTHANC"
            calling_ae = "MSLTEST"
            timeout_seconds = 5
            max_attempts = 3
            backoff_seconds = [1]
            """, file: "t.toml")
        #expect(configuration.folders.inboxes == ["/srv/a", "/srv/b"])
        #expect(configuration.folders.state == "/srv/s")
        #expect(configuration.intake.groupBy == .patient)
        #expect(configuration.intake.afterSuccess == .remove)
        #expect(configuration.completeness.seriesQuietSeconds == 2.5)
        #expect(configuration.workers.jobs == 3)
        #expect(configuration.retry.backoffSeconds == [1, 2.5])
        #expect(configuration.metricsFile == "/srv/m.prom")
        #expect(configuration.journalPath == "/srv/s/journal.sqlite")
        #expect(configuration.exports.count == 1)
        #expect(configuration.exports[0].calledAETitle == "ORTHANC")
        #expect(configuration.exports[0].retry.maxAttempts == 3)
    }

    @Test func mistakesNameTheKey() {
        #expect(error("[workers]\njobz = 2") == "t.toml: workers.jobz: unknown key (see Config/msl.toml for every key)")
        #expect(error("[workers]\njobs = \"two\"") == "t.toml: workers.jobs: expected an integer, found string")
        #expect(error("[folders]\nwork = 5") == "t.toml: folders.work: expected a string, found integer")
        #expect(error("[folders]\ninboxes = \"/in\"") == "t.toml: folders.inboxes: expected an array of strings, found string")
        #expect(error("[folders]\ninboxes = [\"/in\", 2]") == "t.toml: folders.inboxes: expected an array of strings, found a integer")
        #expect(error("[completeness]\nseries_quiet_seconds = \"2\"") == "t.toml: completeness.series_quiet_seconds: expected a number, found string")
        #expect(error("[retry]\nbackoff_seconds = [1, \"x\"]") == "t.toml: retry.backoff_seconds: expected an array of numbers, found a string")
        #expect(error("[intake]\ngroup_by = \"study\"").contains("intake.group_by: \"study\" is not one of \"folder\", \"patient\""))
        #expect(error("[folders]\nwork = \"relative\"").contains("folders.work: \"relative\" must be an absolute path"))
        #expect(error("[folders]\noutbox = \"/var/lib/msl/inbox/out\"").contains("folders.outbox: lies inside folders.inboxes[1]"))
        #expect(error("[folders]\narchive = \"/var/lib/msl/outbox\"").contains("folders.archive: is the same folder as folders.outbox"))
        #expect(error("[completeness]\nseries_quiet_seconds = 0").contains("must be a positive number of seconds"))
        #expect(error("[completeness]\nexpected_modalities = [\"PT\"]").contains("completeness.expected_modalities"))
        #expect(error("[retry]\nbackoff_seconds = []").contains("retry.backoff_seconds"))
        #expect(error("[[export]]\nname = \"p\"\nhost = \"h\"\nport = 0\ncalled_ae = \"X\"").contains("export[1].port"))
        #expect(
            error("[[export]]\nname = \"p\"\nhost = \"h\"\nport = 104\ncalled_ae = \"THIS-TITLE-IS-TOO-LONG\"")
                .contains("export[1].called_ae"))
        #expect(error("unknown = 1") == "t.toml: unknown: unknown key (see Config/msl.toml for every key)")
        #expect(error("[workers\njobs = 1").hasPrefix("t.toml: not valid TOML at line 1"))
    }

    @Test func missingFileIsNamed() {
        #expect(throws: DaemonConfigurationError.self) { try DaemonConfiguration.load("/nonexistent/msl.toml") }
    }
}
