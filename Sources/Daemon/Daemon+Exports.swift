import DICOM
import Foundation
import Imaging
import MSLModel

/// What one export attempt did.
struct ExportResult: Sendable {
    let job: String
    let destination: String
    let attempts: Int
    let report: TransferReport
}

/// The per-job transfer report (like `dcmsend +crf`): `state/transfers/<job>-<destination>.json`, rewritten after
/// every attempt.
struct TransferReport: Codable, Sendable {
    struct Instance: Codable, Sendable {
        var file: String
        var status: String
        var outcome: String
        var detail: String
    }
    var job: String
    var destination: String
    var peer: String
    var attempt: Int
    var time: String
    var delivered: Int
    var failed: Int
    var error: String?
    var instances: [Instance]
}

extension Daemon {
    /// Starts due exports, one per destination at a time, on their own threads.
    func startExports(now: Double) throws {
        guard !configuration.exports.isEmpty, !signals.stopRequested else { return }
        for export in try journal.exports(in: "pending") where export.notBefore <= now {
            let key = export.job + "/" + export.destination
            guard !exporting.contains(key),
                let destination = configuration.exports.first(where: { $0.name == export.destination }),
                let job = try journal.job(export.job), let output = job.output
            else { continue }
            exporting.insert(key)
            let folder = (configuration.folders.outbox as NSString).appendingPathComponent(output)
            let attempt = export.attempts + 1
            let results = exportResults
            log.info("export.started", ["job.id": .code(job.id), "destination": .code(destination.name), "attempt": .int(attempt)])
            Thread {
                results.push(
                    ExportResult(
                        job: job.id, destination: destination.name, attempts: attempt,
                        report: Self.send(folder: folder, job: job.id, to: destination, attempt: attempt)))
            }.start()
        }
    }

    /// Sends every DICOM file the job's manifest lists, over one association.
    static func send(
        folder: String, job: String, to destination: DaemonConfiguration.ExportDestination, attempt: Int
    ) -> TransferReport {
        var report = TransferReport(
            job: job, destination: destination.name, peer: "\(destination.host):\(destination.port)", attempt: attempt,
            time: ISO8601DateFormatter.log.string(from: Date()), delivered: 0, failed: 0, error: nil, instances: [])
        let files: [String]
        do {
            let manifest = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("manifest.json"))))
            files = ((manifest as? [String: Any])?["files"] as? [[String: Any]] ?? [])
                .filter { $0["sopInstanceUID"] is String }
                .compactMap { $0["path"] as? String }
        } catch {
            report.error = "cannot read the job's manifest: \(error.localizedDescription)"
            return report
        }
        let client = StoreClient(
            host: destination.host, port: destination.port, callingAETitle: destination.callingAETitle,
            calledAETitle: destination.calledAETitle, timeoutSeconds: destination.timeoutSeconds)
        do {
            let outcomes = try client.send(files.map { (folder as NSString).appendingPathComponent($0) })
            for (file, outcome) in zip(files, outcomes) {
                report.instances.append(
                    TransferReport.Instance(
                        file: file, status: outcome.statusText, outcome: "\(outcome.classification)",
                        detail: Redaction.redact(outcome.detail)))
                if outcome.isDelivered { report.delivered += 1 } else { report.failed += 1 }
            }
        } catch {
            report.error = Redaction.redact("\(error)")
            report.failed = files.count
        }
        return report
    }

    /// Records finished exports: sent, retried with backoff, or failed for good after the destination's attempts.
    func collectExports(now: Double) throws {
        for result in exportResults.drain() {
            exporting.remove(result.job + "/" + result.destination)
            guard let destination = configuration.exports.first(where: { $0.name == result.destination }) else { continue }
            let transfers = (configuration.folders.state as NSString).appendingPathComponent("transfers")
            try? FileManager.default.createDirectory(atPath: transfers, withIntermediateDirectories: true)
            try? AtomicFile.write(
                try JSONEncoder.keySorted(pretty: true).encode(result.report),
                to: URL(fileURLWithPath: (transfers as NSString).appendingPathComponent("\(result.job)-\(result.destination).json")))
            let fields: [String: LogValue] = [
                "job.id": .code(result.job), "destination": .code(result.destination), "delivered": .int(result.report.delivered),
                "failed": .int(result.report.failed), "attempt": .int(result.attempts),
            ]
            if result.report.error == nil && result.report.failed == 0 {
                try journal.finishExport(
                    result.job, destination: result.destination, state: "sent", attempts: result.attempts, notBefore: 0,
                    message: nil, at: now)
                log.info("export.sent", fields)
            } else if result.attempts < destination.retry.maxAttempts {
                let delay = destination.retry.delay(afterAttempt: result.attempts)
                try journal.finishExport(
                    result.job, destination: result.destination, state: "pending", attempts: result.attempts,
                    notBefore: now + delay, message: result.report.error, at: now)
                metrics.failures["export", default: 0] += 1
                log.warning("export.retrying", fields.merging(["in_seconds": .number(delay)]) { $1 })
            } else {
                try journal.finishExport(
                    result.job, destination: result.destination, state: "failed", attempts: result.attempts, notBefore: 0,
                    message: result.report.error, at: now)
                metrics.failures["export", default: 0] += 1
                log.error("export.failed", fields)
            }
        }
    }
}
