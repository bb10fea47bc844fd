import DICOM
import Foundation
import Imaging
import Pipeline

/// Why a job did not succeed, sorted by what to do about it (clinical-conventions §15): `transient` failures
/// (disk full, outbox not writable, journal busy) are retried with backoff and the inputs stay where they are;
/// `deterministic` ones (bad data, geometry policy, pairing refused) would fail again, so the inputs go to
/// `quarantine/<reason>/<job>/` with `reason.json`.
public struct JobFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable { case transient, deterministic }

    public var kind: Kind
    /// A stable code: the quarantine subfolder and the metrics label (`geometry`, `different-patients`, …).
    public var reason: String
    /// What happened, without paths or patient identifiers.
    public var message: String

    public init(_ kind: Kind, reason: String, message: String) {
        self.kind = kind
        self.reason = reason
        self.message = Redaction.redact(message)
    }

    /// Classifies an error thrown while a job ran.
    public static func classify(_ error: Error) -> JobFailure {
        switch error {
        case let failure as JobFailure: return failure
        case let error as SelectionError:
            if case .differentPatients = error {
                return JobFailure(.deterministic, reason: "different-patients", message: error.description)
            }
            return JobFailure(.deterministic, reason: "no-matching-series", message: error.description)
        case let error as PipelineError:
            switch error {
            case .input: return JobFailure(.deterministic, reason: "invalid-input", message: error.description)
            case .series: return JobFailure(.deterministic, reason: "geometry", message: error.description)
            case .registration: return JobFailure(.deterministic, reason: "registration", message: error.description)
            case .noHeadSlices: return JobFailure(.deterministic, reason: "no-head", message: error.description)
            // The model is the installation's, not the study's: fixing it is the operator's job, so retry.
            case .model: return JobFailure(.transient, reason: "model", message: error.description)
            case .output: return JobFailure(.transient, reason: "output", message: error.description)
            case .stage: return JobFailure(.deterministic, reason: "processing", message: error.description)
            case .cancelled: return JobFailure(.transient, reason: "cancelled", message: error.description)
            }
        case let error as DICOMError:
            if error.isTransient { return JobFailure(.transient, reason: "io", message: error.description) }
            // Writing happens in the outbox: a full or read-only file system there is the outbox's trouble.
            if case .writeFailed = error { return JobFailure(.transient, reason: "output", message: error.description) }
            return JobFailure(.deterministic, reason: FileAdmission.reasonCode(error), message: error.description)
        case let error as AtomicFile.WriteError:
            return JobFailure(.transient, reason: "output", message: error.description)
        case let error as JournalError:
            return JobFailure(error.isTransient ? .transient : .deterministic, reason: "journal", message: error.description)
        default:
            let ns = error as NSError
            if Self.transientErrnos.contains(Int32(ns.code))
                || (ns.userInfo[NSUnderlyingErrorKey] as? NSError).map({ Self.transientErrnos.contains(Int32($0.code)) }) == true
            {
                return JobFailure(.transient, reason: "io", message: "\(error)")
            }
            return JobFailure(.deterministic, reason: "processing", message: "\(error)")
        }
    }

    /// File-system trouble that can go away: full, quota, read-only, permissions, missing folder, I/O.
    static let transientErrnos: Set<Int32> = [ENOSPC, EDQUOT, EROFS, EACCES, EPERM, ENOENT, ENOTDIR, EIO, EFBIG, EAGAIN]
}
