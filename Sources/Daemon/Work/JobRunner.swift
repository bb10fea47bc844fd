import Foundation
import Pipeline

/// Runs one job on a worker thread: links its input files into `work/<job>/input/` (a snapshot that a late file
/// cannot change), calls the same `StudyProcessor` as `msl process` into the outbox, and removes the work
/// folder. Never touches the journal: the daemon's loop records the outcome.
struct JobRunner: Sendable {
    let workFolder: String
    let outbox: String
    let processor: StudyProcessor

    enum Outcome: Sendable {
        /// The job folder's name in the outbox, and the report's stage timings.
        case succeeded(output: String, timings: [(stage: String, seconds: Double)])
        case failed(JobFailure)
        case cancelled
    }

    /// Runs the job; `progress` gets the pipeline's line per stage (no identifiers; redacted by the caller).
    func run(
        job: String, files: [String], progress: (String) -> Void, shouldCancel: @escaping @Sendable () -> Bool
    ) -> Outcome {
        let work = (workFolder as NSString).appendingPathComponent(job)
        let input = (work as NSString).appendingPathComponent("input")
        defer { try? FileManager.default.removeItem(atPath: work) }
        do {
            try? FileManager.default.removeItem(atPath: work)
            try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
            for (index, path) in files.enumerated() {
                let target = (input as NSString).appendingPathComponent(
                    String(format: "%05d-", index) + (path as NSString).lastPathComponent)
                if link(path, target) != 0 {
                    guard errno == EXDEV || errno == EPERM else {
                        throw JobFailure(
                            .transient, reason: "io",
                            message: "cannot link an input into the work folder: \(String(cString: strerror(errno)))")
                    }
                    try FileManager.default.copyItem(atPath: path, toPath: target)
                }
            }
            let result = try processor.process(
                URL(fileURLWithPath: input), output: URL(fileURLWithPath: outbox), log: progress, shouldCancel: shouldCancel)
            return .succeeded(output: result.jobFolder.lastPathComponent, timings: result.timings)
        } catch PipelineError.cancelled {
            return .cancelled
        } catch {
            return .failed(JobFailure.classify(error))
        }
    }
}
