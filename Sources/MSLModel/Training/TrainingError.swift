/// Why a training run cannot start, resume or save.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Options that break a rule, one sentence each.
    case invalidOptions([String])
    /// The dataset does not fit the run (size, empty split, a changed manifest).
    case dataset(String)
    /// A checkpoint file is missing, unreadable or does not fit the run.
    case checkpoint(path: String, reason: String)
    /// Reading or writing a run file failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidOptions(let problems): return "invalid training options: " + problems.joined(separator: "; ")
        case .dataset(let message): return message
        case .checkpoint(let path, let reason): return "\(path): \(reason)"
        case .io(let path, let reason): return "\(path): \(reason)"
        }
    }
}
