import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that readers see either no file (or the previous one) or the complete new one, never a part:
/// the bytes go to a hidden temporary file in the same folder, which is flushed (`fsync(2)`), renamed over the
/// final name (`rename(2)`, atomic within a file system), and the folder is flushed so that the rename itself
/// survives a power cut (as swift-nio's NIOFS transactional creation).
public enum AtomicFile {
    /// Writes `data` to `url` atomically.
    ///
    /// - Throws: `DatasetError.io` naming `url` and the failing call; the temporary file is removed.
    public static func write(_ data: Data, to url: URL) throws {
        let path = url.path
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).tmp").path
        func failure(_ call: String) -> DatasetError {
            .io(path: path, reason: "cannot write: \(call) failed: \(String(cString: strerror(errno)))")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open(\(temporary))") }
        var isOpen = true
        var renamed = false
        defer {
            if isOpen { close(fd) }
            if !renamed { unlink(temporary) }
        }
        guard data.withUnsafeBytes({ writeAll(fd, $0) }) else { throw failure("write") }
        guard fsync(fd) == 0 else { throw failure("fsync") }
        isOpen = false
        guard close(fd) == 0 else { throw failure("close") }
        guard rename(temporary, path) == 0 else { throw failure("rename") }
        renamed = true
        let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderFD >= 0 else { throw failure("open(\(folder))") }
        defer { close(folderFD) }
        guard fsync(folderFD) == 0 else { throw failure("fsync(\(folder))") }
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
