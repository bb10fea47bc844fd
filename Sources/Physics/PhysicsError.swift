/// Errors from sensor simulation and reconstruction inputs that come from outside (files,
/// configuration): each names what was wrong and how to fix it.
public enum PhysicsError: Error, CustomStringConvertible, Equatable {
    /// A geometry or mask parameter is out of its valid range.
    case invalidParameter(name: String, value: String, requirement: String)
    /// An image or sinogram does not have the size an operator was built for.
    case sizeMismatch(what: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let requirement):
            return "\(name) = \(value) is invalid: \(requirement)"
        case .sizeMismatch(let what, let expected, let actual):
            return "\(what) is \(actual), expected \(expected)"
        }
    }
}
