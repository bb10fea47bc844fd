/// Why an evaluation cannot run or write its results; each case names what is wrong.
public enum EvaluationError: Error, CustomStringConvertible, Sendable {
    /// Settings or inputs that do not fit together (sizes, empty lists, an unknown experiment).
    case invalidSettings(String)
    /// The results cannot be written to `path`.
    case output(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSettings(let reason): "invalid evaluation settings: \(reason)"
        case .output(let path, let reason): "\(path): \(reason)"
        }
    }
}
