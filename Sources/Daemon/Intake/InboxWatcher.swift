import CInotify
import DICOM
import Foundation

/// Watches the inboxes recursively through libinotifytools and reports paths worth a look: files on
/// close-after-write or moved in (never on create or modify, so a half-written file is never read), and folders
/// created or moved in, which are watched in turn and scanned, since files may land in them before their watch
/// exists. A queue overflow asks for a full rescan. libinotifytools keeps global state: one watcher per process.
final class InboxWatcher {
    enum Event: Equatable {
        case file(String)
        /// Look at everything under this folder (a new folder, or an overflow).
        case scan(String)
    }

    private let inboxes: [String]
    private static let mask = Int32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)

    /// Starts watching every inbox (which must exist).
    ///
    /// - Throws: `DaemonConfigurationError` naming the inbox and the remedy (e.g. raise
    ///   `fs.inotify.max_user_watches`).
    init(inboxes: [String]) throws {
        self.inboxes = inboxes
        guard inotifytools_initialize() != 0 else {
            throw DaemonConfigurationError.invalid(
                file: "inotify", key: "folders.inboxes",
                reason: "cannot start inotify: \(String(cString: strerror(inotifytools_error()))) "
                    + "(raise fs.inotify.max_user_instances)")
        }
        for inbox in inboxes { try watch(inbox) }
    }

    deinit { inotifytools_cleanup() }

    private func watch(_ folder: String) throws {
        guard inotifytools_watch_recursively(folder, Self.mask) != 0 else {
            let code = inotifytools_error()
            throw DaemonConfigurationError.invalid(
                file: folder, key: "folders.inboxes",
                reason: "cannot watch: \(String(cString: strerror(code)))"
                    + (code == ENOSPC ? " (raise fs.inotify.max_user_watches)" : ""))
        }
    }

    /// Waits up to `timeoutSeconds` (at least 1) for events and returns what arrived, draining the queue.
    func next(timeoutSeconds: Int) -> [Event] {
        var events: [Event] = []
        // `inotifytools_next_event` treats 0 as "block"; `next_events(0, 1)` does not wait, which drains the queue.
        var timeout = max(1, timeoutSeconds)
        while let event = inotifytools_next_events(timeout, 1) {
            timeout = 0
            if let translated = translate(event) { events.append(contentsOf: translated) }
            if events.count > 10_000 { break }
        }
        return events
    }

    private func translate(_ event: UnsafeMutablePointer<inotify_event>) -> [Event]? {
        let mask = Int32(bitPattern: event.pointee.mask)
        if mask & Int32(IN_Q_OVERFLOW) != 0 { return inboxes.map(Event.scan) }
        guard let folder = inotifytools_filename_from_wd(event.pointee.wd).map({ String(cString: $0) }),
            event.pointee.len > 0
        else { return nil }
        let namePointer = UnsafeRawPointer(event).advanced(by: MemoryLayout<inotify_event>.size)
            .assumingMemoryBound(to: CChar.self)
        let name = String(cString: namePointer)
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + name
        if mask & Int32(IN_ISDIR) != 0 {
            guard mask & Int32(IN_CREATE | IN_MOVED_TO) != 0, !name.hasPrefix(".") else { return nil }
            try? watch(path)
            return [.scan(path)]
        }
        guard mask & Int32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 else { return nil }
        return [.file(path)]
    }

    /// The files under `folder` worth judging (hidden folders and temporary names left out), for the startup scan
    /// and `.scan` events: `DirectoryScanner`'s listing, which `msl process` uses too.
    static func files(under folder: String) -> [String] {
        (try? DirectoryScanner.files(under: folder).candidates) ?? []
    }
}
