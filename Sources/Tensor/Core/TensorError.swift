/// Errors from data that comes from outside the engine (files, state dicts). Shape mistakes in
/// network code trap instead (see `shapeCheck`).
public enum TensorError: Error, CustomStringConvertible, Equatable {
    /// A safetensors file is malformed; `reason` says which rule it breaks.
    case malformedSafetensors(path: String, reason: String)
    /// A safetensors tensor has a dtype the engine cannot read.
    case unsupportedDType(path: String, tensor: String, dtype: String)
    /// A state dict does not fit a module: keys missing or unexpected, or shapes differ.
    case stateDictMismatch(problems: [String])
    /// Reading or writing a file failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .malformedSafetensors(let path, let reason):
            return "\(path): not a valid safetensors file: \(reason)"
        case .unsupportedDType(let path, let tensor, let dtype):
            return "\(path): tensor '\(tensor)' has dtype \(dtype); supported: F32, F16, BF16"
        case .stateDictMismatch(let problems):
            return "state dict does not match the model:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .io(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
