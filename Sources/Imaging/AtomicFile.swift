import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that readers see either no file (or the previous one) or the complete new one, never a part:
/// the bytes go to a hidden temporary file in the same folder, which is flushed (`fsync(2)`), renamed over the
/// final name (`rename(2)`, atomic within a file system), and the folder is flushed so that the rename itself
/// survives a power cut (as swift-nio's NIOFS transactional creation). Every file msl writes goes through here.
public enum AtomicFile {
    /// Why a write failed: the file asked for (never the temporary name) and the failing call.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    /// Writes `data` to `url` atomically.
    ///
    /// - Throws: `WriteError` naming `url` and the failing call; the temporary file is removed.
    public static func write(_ data: Data, to url: URL) throws {
        try replace(url) { temporary in
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw failure(url, "open") }
            defer { close(fd) }
            guard data.withUnsafeBytes({ writeAll(fd, $0) }) else { throw failure(url, "write") }
        }
    }

    /// Lets `produce` create the file at a temporary path beside `url` (for libraries that write to a path
    /// themselves, as cairo does), then flushes it, renames it to `url` and flushes the folder.
    ///
    /// - Throws: what `produce` throws, or `WriteError` naming `url`; the temporary file is removed.
    public static func replace(_ url: URL, with produce: (URL) throws -> Void) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).tmp")
        do {
            try produce(temporary)
            do { try flush(temporary.path) } catch { throw WriteError(path: url.path, reason: error.reason) }
            guard rename(temporary.path, url.path) == 0 else { throw failure(url, "rename") }
        } catch {
            unlink(temporary.path)
            throw error
        }
        try flush(folder.path)
    }

    /// fsync(2) of the file or folder at `path`: its data, or for a folder the names in it (so that renames
    /// survive a power cut). Every flush msl makes goes through here.
    ///
    /// - Throws: `WriteError` naming `path` and the failing call.
    public static func flush(_ path: String) throws(WriteError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(URL(fileURLWithPath: path), "open") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(URL(fileURLWithPath: path), "fsync") }
    }

    private static func failure(_ url: URL, _ call: String) -> WriteError {
        WriteError(path: url.path, reason: "\(call) failed: \(String(cString: strerror(errno)))")
    }
}

/// Writes all of `bytes` to `fd`, retrying short writes and interrupted calls (`write(2)`).
private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var done = 0
    while done < bytes.count {
        let written = write(fd, bytes.baseAddress! + done, bytes.count - done)
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        done += written
    }
    return true
}
