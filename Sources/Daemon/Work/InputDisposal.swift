import DICOM
import Foundation
import Imaging

/// Moves a finished job's input files out of the inbox: into `quarantine/<reason>/<job>/` (with `reason.json`)
/// or `archive/<job>/`, each under its path relative to its inbox, or removes them. Runs only after the journal
/// recorded the job's end, and records each move, so a crash midway is finished on the next pass. A file that
/// is already gone (moved before the crash) is skipped. Drop folders left empty are removed; inboxes never are.
struct InputDisposal {
    let journal: Journal

    /// Moves every file of `job` under `destination`; returns how many moved.
    @discardableResult
    func move(_ job: JobRecord, into destination: String) throws -> Int {
        var moved = 0
        for file in try journal.files(of: job.id) where !file.path.hasPrefix(Self.removedPrefix) {
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            var target = (destination as NSString).appendingPathComponent(file.relativePath)
            if target == file.path { continue }
            var suffix = 1
            while FileManager.default.fileExists(atPath: target) {
                target = (destination as NSString).appendingPathComponent(file.relativePath) + ".\(suffix)"
                suffix += 1
            }
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Self.moveFile(file.path, to: target)
            try journal.moveFile(file.path, to: target)
            moved += 1
        }
        try? AtomicFile.flush(destination)
        return moved
    }

    /// Removes every file of `job` (after success, `after_success = "remove"`).
    func remove(_ job: JobRecord) throws {
        for file in try journal.files(of: job.id) where !file.path.hasPrefix(Self.removedPrefix) {
            if unlink(file.path) != 0, errno != ENOENT {
                throw JobFailure(.transient, reason: "io", message: "cannot remove an input: \(String(cString: strerror(errno)))")
            }
            try journal.moveFile(file.path, to: Self.removedPrefix + job.id + "/" + file.relativePath)
        }
    }

    /// Journal paths of removed files start with this (no such path exists on disk).
    static let removedPrefix = "removed:"

    /// Removes `dropRoot` if no file is left under it (folders only), never anything outside `inboxes`.
    static func removeIfEmpty(_ dropRoot: String?, inboxes: [String]) {
        guard let dropRoot, inboxes.contains(where: { dropRoot.hasPrefix($0 + "/") }) else { return }
        guard let left = try? DirectoryScanner.files(under: dropRoot), left.candidates.isEmpty, left.ignored.isEmpty,
            !containsHidden(dropRoot)
        else { return }
        try? FileManager.default.removeItem(atPath: dropRoot)
    }

    private static func containsHidden(_ folder: String) -> Bool {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).contains {
            ($0 as NSString).lastPathComponent.hasPrefix(".")
        }
    }

    /// rename(2), or copy + fsync + unlink across file systems.
    static func moveFile(_ source: String, to target: String) throws {
        if rename(source, target) == 0 { return }
        guard errno == EXDEV else {
            throw JobFailure(.transient, reason: "io", message: "cannot move an input: \(String(cString: strerror(errno)))")
        }
        try FileManager.default.copyItem(atPath: source, toPath: target)
        try AtomicFile.flush(target)  // the copy is on disk before the original goes
        unlink(source)
    }
}

/// The `reason.json` beside quarantined inputs: code and message (no patient identifiers), the job, when,
/// after how many attempts, and the software.
struct QuarantineReason: Codable, Equatable {
    var job: String
    var reason: String
    var message: String
    var attempts: Int
    var files: Int
    var quarantinedAt: String
    var software: String
    var release: String

    enum CodingKeys: String, CodingKey {
        case job, reason, message, attempts, files, software, release
        case quarantinedAt = "quarantined_at"
    }
}
