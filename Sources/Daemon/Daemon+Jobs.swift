import DICOM
import Imaging
import MSLModel
import Foundation
import Pipeline

extension Daemon {
    /// Received jobs whose study is complete become `complete`, are planned (memory estimate) and `queued`.
    func advanceReceivedJobs(now: Double) throws {
        let completeness = StudyCompleteness(configuration.completeness)
        for job in try journal.jobs(in: [.received]) where running[job.id] == nil {
            let files = try journal.files(of: job.id)
            let verdict = completeness.judge(files, firstFileAt: job.firstFileAt, lastFileAt: job.lastFileAt, now: now)
            guard case .complete(let why) = verdict else { continue }
            let series = completeness.series(files, now: now)
            let memory = MemoryEstimate.mebibytes(inputBytes: files.map(\.size).reduce(0, +))
            try journal.transaction {
                for state in series where state.quiet && state.whole {
                    try journal.markSeriesComplete(job: job.id, key: state.key, at: now)
                }
                guard
                    try journal.move(
                        job.id, from: .received, to: .complete, at: now, generation: job.generation, note: why,
                        set: ["memory_mib": memory])
                else { return }
                if memory > configuration.workers.memoryBudgetMiB {
                    try journal.move(
                        job.id, from: .complete, to: .quarantined, at: now, note: "over the memory budget",
                        set: [
                            "reason": "memory-budget",
                            "message": "estimated \(memory) MiB exceeds workers.memory_budget_mib = "
                                + "\(configuration.workers.memoryBudgetMiB) MiB",
                        ])
                } else {
                    try journal.move(job.id, from: .complete, to: .queued, at: now, note: "planned")
                }
            }
            log.info(
                "job.complete",
                [
                    "job.id": .code(job.id), "study.key": .key(HashedKey(hex: job.groupKey)), "why": .code(why),
                    "series": .int(series.count), "files": .int(files.count), "memory_mib": .int(memory),
                ])
        }
    }

    /// Starts queued jobs whose backoff has passed while a worker is free and the memory budget allows.
    func startJobs(now: Double) throws {
        for job in try journal.jobs(in: [.queued]) where job.notBefore <= now && running[job.id] == nil {
            guard running.count < configuration.workers.jobs else { return }
            let committed = running.values.map(\.memoryMiB).reduce(0, +)
            guard committed + job.memoryMiB <= configuration.workers.memoryBudgetMiB else { return }
            let files = try journal.files(of: job.id).map(\.path)
            guard
                try journal.move(
                    job.id, from: .queued, to: .running, at: now, generation: job.generation,
                    set: ["attempts": job.attempts + 1])
            else { continue }
            let handle = RunningJob(id: job.id, generation: job.generation, memoryMiB: job.memoryMiB)
            running[job.id] = handle
            log.info(
                "job.started",
                ["job.id": .code(job.id), "attempt": .int(job.attempts + 1), "memory_mib": .int(job.memoryMiB)])
            let runner = JobRunner(
                workFolder: configuration.folders.work, outbox: configuration.folders.outbox, processor: processor)
            let results = self.results
            let log = self.log
            let thread = Thread {
                let outcome = runner.run(
                    job: handle.id, files: files,
                    progress: { log.info("job.stage", ["job.id": .code(handle.id), "message": .message($0)]) },
                    shouldCancel: { handle.isCancelled })
                results.push((handle, outcome))
            }
            thread.stackSize = 64 << 20
            thread.start()
        }
    }

    /// Records what finished workers report: success, retry with backoff, failure, quarantine, or parked.
    func collectResults(now: Double) throws {
        for (handle, outcome) in results.drain() {
            running[handle.id] = nil
            let id = handle.id
            let job = try journal.job(id)
            switch outcome {
            case .succeeded(let output, let timings):
                if try journal.move(
                    id, from: .running, to: .succeeded, at: now, generation: handle.generation, set: ["output": output])
                {
                    for (stage, seconds) in timings {
                        metrics.stages[stage, default: (0, 0)].sum += seconds
                        metrics.stages[stage, default: (0, 0)].count += 1
                    }
                    if !configuration.exports.isEmpty { try journal.queueExports(id, to: configuration.exports.map(\.name), at: now) }
                    log.info(
                        "job.succeeded",
                        ["job.id": .code(id), "output": .code(output), "seconds": .number(timings.map(\.seconds).reduce(0, +))])
                } else {
                    log.warning("job.superseded", ["job.id": .code(id), "output": .code(output)])
                }
            case .cancelled:
                // Parked at shutdown: the attempt does not count. After a late file the job is already `received`.
                if try journal.move(
                    id, from: .running, to: .queued, at: now, generation: handle.generation, note: "parked at shutdown",
                    set: ["attempts": max(0, (job?.attempts ?? 1) - 1)])
                {
                    log.info("job.parked", ["job.id": .code(id)])
                }
            case .failed(let failure):
                metrics.failures[failure.reason, default: 0] += 1
                try record(failure, job: id, attempts: job?.attempts ?? 1, generation: handle.generation, now: now)
            }
        }
    }

    private func record(_ failure: JobFailure, job id: String, attempts: Int, generation: Int, now: Double) throws {
        let fields: [String: LogValue] = [
            "job.id": .code(id), "reason": .code(failure.reason), "message": .redacted(failure.message),
            "attempt": .int(attempts),
        ]
        let columns: [String: SQLiteValueConvertible] = ["reason": failure.reason, "message": failure.message]
        switch failure.kind {
        case .deterministic:
            if try journal.move(id, from: .running, to: .quarantined, at: now, generation: generation, set: columns) {
                log.error("job.quarantined", fields)
            }
        case .transient where attempts < configuration.retry.maxAttempts:
            let delay = configuration.retry.delay(afterAttempt: attempts)
            var retry = columns
            retry["not_before"] = now + delay
            if try journal.move(id, from: .running, to: .queued, at: now, generation: generation, note: "retry", set: retry) {
                log.warning("job.retrying", fields.merging(["in_seconds": .number(delay)]) { $1 })
            }
        case .transient:
            if try journal.move(id, from: .running, to: .failed, at: now, generation: generation, set: columns) {
                log.error("job.failed", fields)
            }
        }
    }

    /// Moves the inputs of succeeded jobs to the archive (or removes them) and of quarantined jobs to the
    /// quarantine, once the journal holds the outcome (nothing leaves the inbox before the outputs are durable).
    func disposeFinishedJobs(now: Double) throws {
        let disposal = InputDisposal(journal: journal)
        for job in try journal.jobsAwaitingDisposal() where running[job.id] == nil {
            if job.state == .quarantined {
                let reason = job.reason ?? "unknown"
                let folder = ((configuration.folders.quarantine as NSString).appendingPathComponent(reason) as NSString)
                    .appendingPathComponent(job.id)
                let files = try disposal.move(job, into: folder)
                let record = QuarantineReason(
                    job: job.id, reason: reason, message: job.message ?? "", attempts: job.attempts,
                    files: try journal.files(of: job.id).count, quarantinedAt: ISO8601DateFormatter.log.string(from: Date()),
                    software: "msl \(MSLIdentity.softwareVersion)", release: "msl release \(job.id)")
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try AtomicFile.write(
                    try JSONEncoder.keySorted(pretty: true).encode(record),
                    to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("reason.json")))
                try journal.update(job.id, set: ["inputs": InputsPlace.quarantined.rawValue], at: now)
                InputDisposal.removeIfEmpty(job.dropRoot, inboxes: configuration.folders.inboxes)
                log.info("inputs.quarantined", ["job.id": .code(job.id), "reason": .code(reason), "files": .int(files)])
            } else if configuration.intake.afterSuccess == .archive {
                let folder = (configuration.folders.archive as NSString).appendingPathComponent(job.id)
                let files = try disposal.move(job, into: folder)
                try journal.update(job.id, set: ["inputs": InputsPlace.archived.rawValue], at: now)
                InputDisposal.removeIfEmpty(job.dropRoot, inboxes: configuration.folders.inboxes)
                log.info("inputs.archived", ["job.id": .code(job.id), "files": .int(files)])
            } else {
                try disposal.remove(job)
                try journal.update(job.id, set: ["inputs": InputsPlace.removed.rawValue], at: now)
                InputDisposal.removeIfEmpty(job.dropRoot, inboxes: configuration.folders.inboxes)
                log.info("inputs.removed", ["job.id": .code(job.id)])
            }
        }
    }
}
