/// Why the daemon, or an operator command against its journal, cannot go on. Messages name the file or job and
/// what to do; none carries a patient identifier.
public enum DaemonConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be read or is not TOML.
    case unreadable(file: String, reason: String)
    /// A key has the wrong type, an unknown name or a value outside its rules.
    case invalid(file: String, key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): \(reason)"
        case .invalid(let file, let key, let reason): return "\(file): \(key): \(reason)"
        }
    }
}
