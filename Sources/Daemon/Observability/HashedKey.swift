import Digest
import Foundation

/// A key that tells studies, series, patients or drop folders apart in logs, metrics and the journal without
/// identifying anyone: the first 16 hex digits of SHA-256 over this installation's secret salt and the value.
/// The salt (`<state>/key-salt`, 32 random bytes, mode 0600, made on first start) stops anyone with the log from
/// recovering a low-entropy PatientID by hashing candidates. The log API accepts only `HashedKey`s, never raw UIDs.
public struct HashedKey: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(hex: String) { description = hex }

    /// The salt that makes keys of this installation.
    public struct Salt: Sendable {
        let bytes: [UInt8]

        public init(bytes: [UInt8]) { self.bytes = bytes }

        /// Reads `<folder>/key-salt`, creating it (0600) if absent.
        public static func load(folder: String) throws -> Salt {
            let path = (folder as NSString).appendingPathComponent("key-salt")
            if let data = FileManager.default.contents(atPath: path), data.count == 32 { return Salt(bytes: Array(data)) }
            var bytes = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            else { throw DaemonConfigurationError.unreadable(file: path, reason: "cannot create the key salt") }
            return Salt(bytes: bytes)
        }

        /// The key of `value` (a UID, a PatientID with its issuer, a folder path).
        public func key(_ value: String) -> HashedKey {
            var hash = SHA256()
            hash.update(bytes)
            hash.update(value)
            return HashedKey(hex: String(SHA256.hex(hash.finalize()).prefix(16)))
        }
    }
}
