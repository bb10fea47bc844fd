import CCairo
import Foundation
import Imaging

/// Every way the `Graphics` target fails.
///
/// Drawing itself never throws (cairo records the first error in its context and ignores later calls); the error
/// surfaces when a picture is written or rendered, so one check covers a whole page. Each `description` names the
/// file and says what to do about it.
public enum GraphicsError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A PDF or PNG could not be written to `path`; `reason` is cairo's status string or the system's error text.
    /// Nothing is left at `path` or beside it.
    case cannotWrite(path: String, reason: String)
    /// A PNG could not be read from `path`; `reason` is cairo's status string.
    case cannotRead(path: String, reason: String)
    /// Cairo refused a drawing operation (`operation` says which one, `reason` is cairo's status string).
    case drawingFailed(operation: String, reason: String)
    /// Two images that must share a size do not (checkerboard, blend).
    case sizeMismatch(what: String, expected: [Int], actual: [Int])
    /// A parameter outside its valid range.
    case invalidParameter(name: String, value: String, expected: String)

    /// What failed, where, and how to fix it.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write: \(reason); check that the folder exists, is writable and has space"
        case .cannotRead(let path, let reason):
            return "\(path): cannot read the PNG: \(reason); check that the file exists and is a PNG"
        case .drawingFailed(let operation, let reason):
            return "drawing failed in \(operation): \(reason)"
        case .sizeMismatch(let what, let expected, let actual):
            return "\(what): size \(actual) does not match \(expected); give both images the same width and height"
        case .invalidParameter(let name, let value, let expected):
            return "invalid \(name) = \(value): expected \(expected)"
        }
    }

    /// The same text as `description`, so that `localizedDescription` (which callers print) says it too.
    public var errorDescription: String? { description }

    /// Cairo's own sentence for `status` (the corresponding C function is `cairo_status_to_string`).
    static func text(of status: cairo_status_t) -> String {
        String(cString: cairo_status_to_string(status))
    }

    /// Runs a write through `Imaging.AtomicFile` (temporary file beside the target, `fsync`, `rename`, folder
    /// `fsync`), reporting its failures as `cannotWrite` so that callers of this target catch one error type.
    static func writingAtomically(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as AtomicFile.WriteError {
            throw GraphicsError.cannotWrite(path: error.path, reason: error.reason)
        }
    }
}
