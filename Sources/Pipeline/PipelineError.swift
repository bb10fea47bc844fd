/// Why `msl process` stopped, one sentence naming the study folder, series or file and what to do.
/// Messages carry no patient identifiers (series are named by number and description).
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// The study folder cannot be read, or holds no usable DICOM.
    case input(path: String, reason: String)
    /// A selected series failed the geometry gate or could not be assembled.
    case series(label: String, reason: String)
    /// The MR could not be registered onto the CT, or the registration failed its quality guard.
    case registration(reason: String)
    /// No slice of the study shows a head on the model grid.
    case noHeadSlices(detail: String)
    /// The model file or its card is missing, damaged or does not fit.
    case model(path: String, reason: String)
    /// The output folder cannot take the job (missing, not writable), or writing failed.
    case output(path: String, reason: String)
    /// A stage failed for a reason of its own.
    case stage(name: String, reason: String)
    /// The caller asked the job to stop (the daemon parks it on SIGTERM, or re-plans it after a late file);
    /// nothing was written.
    case cancelled

    public var description: String {
        switch self {
        case .input(let path, let reason): return "\(path): \(reason)"
        case .series(let label, let reason): return "\(label): \(reason)"
        case .registration(let reason): return "MR to CT registration: \(reason)"
        case .noHeadSlices(let detail): return "no slice shows a head on the model grid (\(detail))"
        case .model(let path, let reason): return "model \(path): \(reason)"
        case .output(let path, let reason): return "\(path): \(reason)"
        case .stage(let name, let reason): return "\(name): \(reason)"
        case .cancelled: return "stopped on request before the job was written"
        }
    }
}
