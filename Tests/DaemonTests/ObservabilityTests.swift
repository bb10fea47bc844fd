import Foundation
import Testing

@testable import Daemon

/// Logs and metrics carry no identifiers: paths are redacted, keys are salted hashes; the Prometheus text is
/// exactly the exposition format.
@Suite struct ObservabilityTests {
    @Test func redactionRemovesEveryPath() {
        #expect(
            Redaction.redact("/var/lib/msl/work/j000001/input/00003-DOE^JOHN.dcm: not readable as DICOM: (0002,0010) missing")
                == "<file>: not readable as DICOM: (0002,0010) missing")
        #expect(Redaction.redact("cannot move \"/in/Smith John/1.dcm\" to /q") == "cannot move \"<file>\" to <file>")
        #expect(Redaction.redact("/in/Smith John/1.dcm: truncated") == "<file>: truncated")
        #expect(Redaction.redact("series 3 'T1 AX' (2/4 slices)") == "series 3 'T1 AX' (2/4 slices)")
        #expect(Redaction.redact("path=/a/b, next") == "path=<file>, next")
    }

    @Test func hashedKeysDependOnTheSalt() {
        let a = HashedKey.Salt(bytes: Array(repeating: 1, count: 32))
        let b = HashedKey.Salt(bytes: Array(repeating: 2, count: 32))
        #expect(a.key("PAT001").description.count == 16)
        #expect(a.key("PAT001") == a.key("PAT001"))
        #expect(a.key("PAT001") != b.key("PAT001"))
        #expect(!a.key("PAT001").description.contains("PAT001"))
    }

    @Test func eventLogWritesOneJSONLinePerEvent() throws {
        let log = EventLog(fileDescriptor: open("/dev/null", O_WRONLY), keepLines: true)
        log.info("job.started", ["job.id": .code("j000001"), "attempt": .int(2), "message": .message("/in/DOE/1.dcm: bad")])
        let line = try #require(log.lines.first)
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "job.started")
        #expect(object["job.id"] as? String == "j000001")
        #expect(object["attempt"] as? Int == 2)
        #expect(object["message"] as? String == "<file>: bad")
        #expect(object["level"] as? String == "info")
        #expect(!line.contains("\n"))
    }

    @Test func metricsRenderAsPrometheusText() {
        var metrics = DaemonMetrics()
        metrics.jobs = [.queued: 2, .succeeded: 5]
        metrics.running = 1
        metrics.quarantined = ["unreadable": 3]
        metrics.failures = ["output": 1]
        metrics.stages = ["reconstruction": (sum: 12.5, count: 2)]
        metrics.freeBytes = ["outbox": 1024]
        metrics.minimumFreeBytes = 512
        let text = metrics.render()
        let expected = """
            # HELP msl_queue_depth Jobs waiting for a worker (queued).
            # TYPE msl_queue_depth gauge
            msl_queue_depth 2
            # HELP msl_jobs_running Jobs running now.
            # TYPE msl_jobs_running gauge
            msl_jobs_running 1
            # HELP msl_jobs Jobs in the journal by state.
            # TYPE msl_jobs gauge
            msl_jobs{state="received"} 0
            msl_jobs{state="complete"} 0
            msl_jobs{state="queued"} 2
            msl_jobs{state="running"} 0
            msl_jobs{state="succeeded"} 5
            msl_jobs{state="failed"} 0
            msl_jobs{state="quarantined"} 0
            # HELP msl_quarantined_jobs Quarantined jobs by reason.
            # TYPE msl_quarantined_jobs gauge
            msl_quarantined_jobs{reason="unreadable"} 3
            # HELP msl_job_failures_total Failed job attempts since start, by reason.
            # TYPE msl_job_failures_total counter
            msl_job_failures_total{reason="output"} 1
            # HELP msl_stage_duration_seconds_sum Seconds spent in each pipeline stage by succeeded jobs.
            # TYPE msl_stage_duration_seconds_sum counter
            msl_stage_duration_seconds_sum{stage="reconstruction"} 12.5
            # HELP msl_stage_duration_seconds_count Succeeded jobs that ran each pipeline stage.
            # TYPE msl_stage_duration_seconds_count counter
            msl_stage_duration_seconds_count{stage="reconstruction"} 2
            # HELP msl_disk_free_bytes Free bytes on the file system of each folder.
            # TYPE msl_disk_free_bytes gauge
            msl_disk_free_bytes{folder="outbox"} 1024
            # HELP msl_disk_free_minimum_bytes Below this much free space intake pauses.
            # TYPE msl_disk_free_minimum_bytes gauge
            msl_disk_free_minimum_bytes 512
            # HELP msl_intake_paused 1 while intake is paused for disk space.
            # TYPE msl_intake_paused gauge
            msl_intake_paused 0
            # HELP msl_pending_files Files waiting to be judged.
            # TYPE msl_pending_files gauge
            msl_pending_files 0
            # HELP msl_peak_resident_bytes Peak resident memory of the daemon process.
            # TYPE msl_peak_resident_bytes gauge
            msl_peak_resident_bytes 0

            """
        #expect(text == expected)
    }
}
