import CDCMTK
import Foundation

/// Sends DICOM files to a Storage SCP (a PACS) with C-STORE, through the `CDCMTK` shim
/// (`msl_dcm_store`): one association per `send`, every file in its own transfer syntax when the peer
/// accepts it, else converted to Explicit or Implicit VR Little Endian.
///
/// `send` blocks the calling thread until every file is answered, the association fails or
/// `timeoutSeconds` passes while waiting for the peer; call it off the cooperative thread pool.
public struct StoreClient: Sendable, Equatable {
    /// The peer's host name or IPv4 address.
    public var host: String
    /// The peer's TCP port (1...65535; 104 and 11112 are the usual ones).
    public var port: Int
    /// Our AE title, as the peer knows us (1 to 16 characters).
    public var callingAETitle: String
    /// The peer's AE title (1 to 16 characters).
    public var calledAETitle: String
    /// The limit, in seconds, on connecting, negotiating the association and each wait for a response.
    public var timeoutSeconds: Int

    public init(
        host: String, port: Int, callingAETitle: String = "MSL", calledAETitle: String, timeoutSeconds: Int = 30
    ) {
        self.host = host
        self.port = port
        self.callingAETitle = callingAETitle
        self.calledAETitle = calledAETitle
        self.timeoutSeconds = timeoutSeconds
    }

    /// "host:port", the name errors give the peer.
    public var peer: String { "\(host):\(port)" }

    /// Sends `paths` over one association and returns one outcome per path, in order. A file the peer
    /// refuses (failure status), or that cannot go in any context it accepted, is a `.failure` outcome;
    /// the other files are still sent. An empty list returns at once without connecting.
    ///
    /// - Throws: `.invalidPeer` before connecting when the settings are invalid (`validate()`);
    ///   `.io`/`.unreadable` naming the file when one cannot be read as DICOM (checked before connecting,
    ///   so nothing is sent); `.network` naming `peer` when it cannot be reached, rejects the
    ///   association (with its reason) or aborts it, or a timeout passes: transient, send them all again
    ///   (C-STORE of the same SOP Instance UID replaces it). `.limitExceeded` when the files need more
    ///   than the 128 presentation contexts of one association: send fewer SOP classes at once.
    ///   Calls `msl_dcm_store`.
    public func send(_ paths: [String]) throws(DICOMError) -> [StoreOutcome] {
        try validate()
        if paths.isEmpty { return [] }
        var results = [msl_dcm_store_result](repeating: msl_dcm_store_result(), count: paths.count)
        let copies = paths.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { UnsafePointer($0) }
        let (status, message) = pointers.withUnsafeBufferPointer { paths in
            results.withUnsafeMutableBufferPointer { results in
                DICOMFile.withErrorBuffer {
                    msl_dcm_store(
                        host, Int32(port), callingAETitle, calledAETitle, Int32(timeoutSeconds), paths.baseAddress,
                        paths.count, results.baseAddress, $0, $1)
                }
            }
        }
        guard status == Int32(MSL_DCM_OK) else { throw error(status: status, message: message, paths: paths) }
        return zip(paths, results).map { path, result in
            StoreOutcome(path: path, status: result.status, detail: Self.text(of: result))
        }
    }

    /// The `DICOMError` for a shim status. File errors start with the file's path, which becomes the
    /// error's path.
    private func error(status: Int32, message: String, paths: [String]) -> DICOMError {
        switch status {
        case Int32(MSL_DCM_ERROR_NETWORK): return .network(peer: peer, reason: message)
        case Int32(MSL_DCM_ERROR_IO), Int32(MSL_DCM_ERROR_UNREADABLE), Int32(MSL_DCM_ERROR_VALUE):
            let path = paths.first { message.hasPrefix($0 + ": ") }
            let reason = path.map { String(message.dropFirst($0.count + 2)) } ?? message
            if status == Int32(MSL_DCM_ERROR_IO) { return .io(path: path ?? peer, reason: reason) }
            return .unreadable(path: path ?? peer, reason: reason)
        // The settings were validated, so the only argument left to refuse is a batch over 128 contexts.
        case Int32(MSL_DCM_ERROR_ARGUMENT): return .limitExceeded(path: peer, reason: message)
        default: return .network(peer: peer, reason: "internal error in the DCMTK shim (status \(status)): \(message)")
        }
    }

    /// The NUL-terminated `detail` of a result; bytes that are not UTF-8 become U+FFFD.
    private static func text(of result: msl_dcm_store_result) -> String {
        withUnsafeBytes(of: result.detail) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
