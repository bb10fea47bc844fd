import DICOM
import Foundation
import Phantom
import Testing

/// `msl daemon` as a hospital runs it: a real process, a real inotify watch, a real SQLite journal, real files.
/// A study copied slowly is processed once and only after it is complete; a daemon killed mid-reconstruction
/// finishes the job after a restart with outputs identical to an uninterrupted run; garbage is quarantined with
/// reasons while good studies go through; many studies at once stay within the memory budget; a full or
/// read-only outbox is retried until it works; and no log line names a patient.
@Suite(
    .serialized,
    .enabled(if: DICOMValidationTools.toolsInstalled),
    .enabled(if: FileManager.default.fileExists(atPath: TemplateAtlas.Sources.standard.colin27)))
struct DaemonProcessTests {
    /// Three small phantom subjects (P0001–P0003): CT 128² × 1.8 mm, 20 slices of 4 mm; MR 112² × 2 mm, 20 of 4 mm.
    static let phantoms: URL = makePhantoms(label: "small", count: 3, ct: ["128", "1.8", "4", "20"], mr: ["112", "2", "4", "20"])

    static func makePhantoms(label: String, count: Int, ct: [String], mr: [String]) -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-daemon-phantoms-\(label)-\(UUID().uuidString)")
        let outcome = try! CommandLineTests.run([
            "phantom", "--out", root.path, "--seed", "52", "--count", String(count), "--lesions", "random",
            "--ct-matrix", ct[0], "--ct-pixel", ct[1], "--ct-slice", ct[2], "--ct-slices", ct[3],
            "--mr-matrix", mr[0], "--mr-pixel", mr[1], "--mr-slice", mr[2], "--mr-slices", mr[3],
        ])
        precondition(outcome.status == 0, "msl phantom failed: \(outcome.errors)")
        return root
    }

    /// The CT and MR folders of a phantom subject without its ground truth (which is not DICOM, and would be
    /// quarantined as such).
    static func study(_ root: URL, _ subject: String) throws -> URL {
        let folder = root.appendingPathComponent("studies").appendingPathComponent(subject)
        if !FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for series in ["CT", "MR"] {
                try FileManager.default.copyItem(
                    at: root.appendingPathComponent(subject).appendingPathComponent(series),
                    to: folder.appendingPathComponent(series))
            }
        }
        return folder
    }

    /// What must never appear in a log: the phantoms' IDs and names, and the drop folder names built from them.
    static let identifiers = ["P0001", "P0002", "P0003", "PHANTOM^", "PHANTOM"]

    /// The DICOM entries of a job's manifest (path → SHA-256): report.json holds timings, so it is left out.
    static func dicomDigests(_ job: URL) throws -> [String: String] {
        let manifest = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: job.appendingPathComponent("manifest.json"))) as? [String: Any])
        let files = try #require(manifest["files"] as? [[String: Any]])
        return Dictionary(
            uniqueKeysWithValues: files.filter { $0["sopInstanceUID"] is String }.map {
                ($0["path"] as! String, $0["sha256"] as! String)
            })
    }

    /// The reference outputs: `msl process` on the same study with the same pipeline configuration.
    static func referenceRun(_ study: URL, harness: DaemonHarness) throws -> URL {
        let out = harness.root.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let outcome = try CommandLineTests.run([
            "process", study.path, "--out", out.path, "--config", harness.pipelineFile.path,
        ])
        #expect(outcome.status == 0, "msl process failed: \(outcome.errors)")
        let job = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("msl-") })
        return out.appendingPathComponent(job)
    }

    @Test func aSlowlyCopiedStudyIsProcessedOnceAfterItIsComplete() throws {
        let harness = try DaemonHarness(label: "slow")
        try harness.start()
        #expect(harness.wait(for: "daemon.started", timeout: 30))
        let drop = harness.inbox.appendingPathComponent("PHANTOM^P0001 drop")
        try DaemonHarness.slowCopy(try Self.study(Self.phantoms, "P0001"), to: drop)
        let copiedAt = Date()
        #expect(harness.wait(for: "job.succeeded", timeout: 300))
        let started = try #require(harness.events("job.started").first?["time"] as? String)
        let startedAt = try #require(ISO8601DateFormatter.withFractions.date(from: started))
        #expect(startedAt > copiedAt, "the job started before the copy finished")
        #expect(harness.events("job.started").count == 1)
        #expect(harness.events("job.complete").count == 1)
        #expect(harness.events("job.replanned").isEmpty)

        // One job folder, listed completely by its manifest; inputs archived; nothing quarantined.
        let entries = try harness.outboxEntries()
        #expect(entries.count == 1 && entries[0].hasPrefix("msl-"), "outbox: \(entries)")
        let job = harness.outbox.appendingPathComponent(entries[0])
        let digests = try Self.dicomDigests(job)
        #expect(digests.count > 40)
        for (path, sha) in digests {
            let data = try Data(contentsOf: job.appendingPathComponent(path))
            #expect(SHA256Hex.of(data) == sha, "\(path) does not match the manifest")
        }
        #expect(harness.wait(for: "inputs.archived", timeout: 30))
        #expect(
            !FileManager.default.fileExists(atPath: drop.path),
            "the emptied drop folder stays in the inbox: \(DaemonHarness.files(under: drop))")
        let archived = DaemonHarness.files(under: harness.archive).count
        #expect(archived == DaemonHarness.files(under: try Self.study(Self.phantoms, "P0001")).count, "\(archived) archived")
        #expect(DaemonHarness.files(under: harness.quarantine).isEmpty)

        // Valid DICOM: one instance of each output series through dciodvfy.
        let series = Set(digests.keys.map { ($0 as NSString).deletingLastPathComponent })
        for folder in series.sorted() {
            let first = try #require(digests.keys.filter { $0.hasPrefix(folder + "/") }.sorted().first)
            #expect(try DICOMValidationTools.dciodvfyProblems(job.appendingPathComponent(first).path, source: first).isEmpty)
        }

        // The same study dropped again: processed again into the same job folder (same UIDs, same bytes), no
        // second folder. Our own outputs dropped into the inbox are recognised and never become a job.
        try harness.drop(try Self.study(Self.phantoms, "P0001"), as: "again")
        #expect(harness.wait(for: "job.succeeded", count: 2, timeout: 300))
        #expect(try harness.outboxEntries() == entries)
        #expect(try Self.dicomDigests(job) == digests)
        let ownSeries = try #require(series.sorted().first)
        try FileManager.default.copyItem(
            at: job.appendingPathComponent(ownSeries), to: harness.inbox.appendingPathComponent("echo"))
        let ownFiles = DaemonHarness.files(under: harness.inbox.appendingPathComponent("echo")).count
        #expect(harness.wait(for: "intake.own_output_ignored", count: ownFiles, timeout: 30))
        #expect(harness.events("job.received").count == 2)

        let status = try harness.command(["status"])
        #expect(status.status == 0)
        #expect(status.output.contains("succeeded   2"), "\(status.output)")
        // The metrics file is rewritten every second.
        var metrics = ""
        for _ in 0..<50 where !metrics.contains("msl_jobs{state=\"succeeded\"} 2") {
            usleep(100_000)
            metrics = (try? String(contentsOf: harness.state.appendingPathComponent("metrics.prom"), encoding: .utf8)) ?? ""
        }
        #expect(metrics.contains("msl_jobs{state=\"succeeded\"} 2"))
        #expect(harness.stop() == 0)
        #expect(harness.events("daemon.stopped").count == 1)
        #expect(harness.linesMentioning(Self.identifiers).isEmpty, "\(harness.linesMentioning(Self.identifiers))")
    }

    @Test func aDaemonKilledMidReconstructionFinishesTheJobAfterARestart() throws {
        let harness = try DaemonHarness(label: "kill")
        let source = try Self.study(Self.phantoms, "P0002")
        let reference = try Self.referenceRun(source, harness: harness)
        try harness.start()
        #expect(harness.wait(for: "daemon.started", timeout: 30))
        try harness.drop(source, as: "PHANTOM^P0002")
        let inputs = DaemonHarness.files(under: source)
        // "… slices on the model grid" is the pipeline's last line before the reconstruction starts.
        #expect(harness.wait(for: "job.stage", timeout: 120) { ($0["message"] as? String)?.contains("model grid") == true })
        usleep(500_000)
        harness.killHard()
        #expect(harness.events("job.succeeded").isEmpty, "the job finished before the kill; the test proves nothing")

        // Killed: no job folder, the inputs intact in the inbox.
        #expect(try harness.outboxEntries().filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(DaemonHarness.files(under: harness.inbox.appendingPathComponent("PHANTOM^P0002")) == inputs, "inbox changed")

        try harness.start()
        #expect(harness.wait(for: "job.restarted", timeout: 30))
        #expect(harness.wait(for: "job.succeeded", timeout: 300))
        #expect(harness.wait(for: "inputs.archived", timeout: 30))
        let entries = try harness.outboxEntries()
        #expect(entries == [reference.lastPathComponent], "outbox: \(entries)")
        #expect(try Self.dicomDigests(harness.outbox.appendingPathComponent(entries[0])) == Self.dicomDigests(reference))
        let jobs = try harness.command(["jobs"])
        #expect(jobs.output.split(separator: "\n").count == 2, "\(jobs.output)")
        #expect(harness.stop() == 0)
        #expect(harness.linesMentioning(Self.identifiers).isEmpty)
    }

    @Test func garbageIsQuarantinedWithReasonsAndAGoodStudyStillGoesThrough() throws {
        let harness = try DaemonHarness(label: "garbage")
        try harness.start()
        #expect(harness.wait(for: "daemon.started", timeout: 30))
        let ct = try #require(DaemonHarness.files(under: Self.phantoms.appendingPathComponent("P0001/CT")).first)
        let ctData = try Data(contentsOf: Self.phantoms.appendingPathComponent("P0001/CT").appendingPathComponent(ct))
        try Data("not DICOM at all\n".utf8).write(to: harness.inbox.appendingPathComponent("notes.txt"))
        _ = FileManager.default.createFile(atPath: harness.inbox.appendingPathComponent("empty.dcm").path, contents: Data())
        try ctData.prefix(ctData.count / 2).write(to: harness.inbox.appendingPathComponent("truncated.dcm"))
        let other = harness.root.appendingPathComponent("other.dcm")
        try ctData.write(to: other)
        let modify = try DICOMValidationTools.run("dcmodify", ["-nb", "-m", "(0008,0060)=US", other.path])
        #expect(modify.status == 0)
        try FileManager.default.moveItem(at: other, to: harness.inbox.appendingPathComponent("ultrasound.dcm"))
        // The CT of one patient with the MR of another, in one drop folder.
        let mixed = harness.root.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: mixed, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.phantoms.appendingPathComponent("P0001/CT"), to: mixed.appendingPathComponent("CT"))
        try FileManager.default.copyItem(at: Self.phantoms.appendingPathComponent("P0003/MR"), to: mixed.appendingPathComponent("MR"))
        try harness.drop(mixed, as: "PHANTOM^P0001 and P0003")

        #expect(harness.wait(for: "intake.rejected", count: 4, timeout: 60))
        #expect(harness.wait(for: "job.quarantined", timeout: 300))
        #expect(harness.wait(for: "inputs.quarantined", count: 5, timeout: 60))
        func reasons(_ code: String) -> [URL] {
            let folder = harness.quarantine.appendingPathComponent(code)
            return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).map { folder.appendingPathComponent($0) }
        }
        #expect(reasons("unreadable").count == 3, "unreadable: \(reasons("unreadable"))")
        #expect(reasons("unsupported-modality").count == 1)
        let pairing = try #require(reasons("different-patients").first)
        let reason = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: pairing.appendingPathComponent("reason.json"))) as? [String: Any])
        #expect(reason["reason"] as? String == "different-patients")
        #expect((reason["message"] as? String)?.contains("different patients") == true)
        #expect(DaemonHarness.files(under: pairing).count == 41)  // 20 CT + 20 MR + reason.json
        for folder in reasons("unreadable") + reasons("unsupported-modality") {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("reason.json").path))
        }
        #expect(try harness.outboxEntries().isEmpty)
        #expect(harness.isRunning)

        // Still running: a good study dropped now is processed.
        try harness.drop(try Self.study(Self.phantoms, "P0003"), as: "PHANTOM^P0003")
        #expect(harness.wait(for: "job.succeeded", timeout: 300))
        let status = try harness.command(["status"])
        #expect(status.output.contains("quarantined 5"), "\(status.output)")
        #expect(harness.stop() == 0)
        #expect(harness.linesMentioning(Self.identifiers + ["notes.txt", "truncated.dcm", "ultrasound"]).isEmpty)
    }
}

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let withFractions: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
