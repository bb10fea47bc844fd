/// Errors from reading, indexing, assembling, writing and sending DICOM. Each names the file (or series,
/// or network peer) and the problem; `isTransient` separates retryable I/O and network trouble from bad
/// data and bad settings.
public enum DICOMError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read or parsed as DICOM.
    case unreadable(path: String, reason: String)
    /// A required attribute is missing or malformed.
    case invalidAttribute(path: String, tag: String, reason: String)
    /// The pixel data cannot be decoded (unsupported transfer syntax, wrong length, …).
    case undecodablePixels(path: String, reason: String)
    /// A size limit from the configuration was exceeded.
    case limitExceeded(path: String, reason: String)
    /// A series failed the geometry gate under a reject policy.
    case geometryRejected(series: String, findings: [String])
    /// Writing an object failed.
    case writeFailed(path: String, reason: String)
    /// The file system failed (may succeed on retry).
    case io(path: String, reason: String)
    /// A network peer ("host:port") could not be reached, refused or aborted the association, or timed
    /// out (may succeed on retry).
    case network(peer: String, reason: String)
    /// The settings for a network peer ("host:port") are invalid (AE title, port, host): the configuration
    /// must change, so retrying cannot help.
    case invalidPeer(peer: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): not readable as DICOM: \(reason)"
        case .invalidAttribute(let path, let tag, let reason): return "\(path): \(tag): \(reason)"
        case .undecodablePixels(let path, let reason): return "\(path): cannot decode pixel data: \(reason)"
        case .limitExceeded(let path, let reason): return "\(path): \(reason)"
        case .geometryRejected(let series, let findings):
            return "series \(series) rejected by the geometry gate:\n"
                + findings.map { "  - \($0)" }.joined(separator: "\n")
        case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
        case .io(let path, let reason): return "\(path): \(reason)"
        case .network(let peer, let reason): return "\(peer): \(reason)"
        case .invalidPeer(let peer, let reason): return "\(peer): \(reason)"
        }
    }

    /// Whether retrying later may succeed (I/O, the network), as opposed to bad data or settings that
    /// will fail again.
    public var isTransient: Bool {
        switch self {
        case .io, .network: return true
        default: return false
        }
    }
}
