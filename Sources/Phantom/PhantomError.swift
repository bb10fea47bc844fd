/// Why a phantom could not be generated or written; every case names the file or parameter.
public enum PhantomError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A template file is missing, unreadable or inconsistent.
    case template(path: String, reason: String)
    /// A parameter outside its range.
    case invalidParameter(name: String, value: String, expected: String)
    /// Writing the study failed.
    case output(path: String, reason: String)

    public var description: String {
        switch self {
        case .template(let path, let reason): return "\(path): \(reason)"
        case .invalidParameter(let name, let value, let expected): return "\(name) \(value) is invalid: expected \(expected)"
        case .output(let path, let reason): return "\(path): \(reason)"
        }
    }
}
