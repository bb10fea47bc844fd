import Foundation
import Imaging

#if canImport(Glibc)
    import Glibc
#endif

/// The job's folder in the output root, which appears whole or not at all (DESIGN §6, "Outbox"): everything is
/// written into a hidden staging folder beside it (`.<job>.partial-<random>`, which inboxes and outboxes
/// ignore), then `commit()` renames the staging folder to `<job>` and flushes the root. A re-run of the same
/// job (same name) replaces the previous folder: the old one is first renamed aside, the new one renamed in,
/// then the old one removed, so a reader sees the old job or the new one, never a mixture. Until `commit()`,
/// `discard()` (or a crash) leaves only the hidden staging folder.
struct JobFolder {
    let root: URL
    let name: String
    let staging: URL
    var final: URL { root.appendingPathComponent(name) }

    /// Checks the root (an existing, writable folder) and creates the staging folder.
    ///
    /// - Throws: `PipelineError.output` naming the root and what is wrong, before anything is written.
    init(root: URL, name: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw PipelineError.output(path: root.path, reason: "the output folder does not exist; create it first")
        }
        guard isDirectory.boolValue else {
            throw PipelineError.output(path: root.path, reason: "the output path is a file, not a folder")
        }
        guard access(root.path, W_OK | X_OK) == 0 else {
            throw PipelineError.output(
                path: root.path, reason: "the output folder is not writable by this user; check its permissions")
        }
        self.root = root
        self.name = name
        staging = root.appendingPathComponent(".\(name).partial-\(UInt64.random(in: 0...UInt64.max))")
        do { try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false) } catch {
            throw PipelineError.output(path: staging.path, reason: "cannot create the staging folder: \(error.localizedDescription)")
        }
    }

    /// Makes the staged job the job folder (replacing an earlier run of the same job). Every staged file and
    /// folder is flushed to disk first, so the job that appears is durable (a daemon deletes inputs after this).
    func commit() throws {
        try Self.flushTree(staging)
        let aside = root.appendingPathComponent(".\(name).replaced-\(UInt64.random(in: 0...UInt64.max))")
        let replacing = FileManager.default.fileExists(atPath: final.path)
        if replacing {
            guard rename(final.path, aside.path) == 0 else {
                throw PipelineError.output(path: final.path, reason: "cannot move the previous job aside: \(Self.errnoText)")
            }
        }
        guard rename(staging.path, final.path) == 0 else {
            let reason = "cannot rename the staged job into place: \(Self.errnoText)"
            if replacing { rename(aside.path, final.path) }
            throw PipelineError.output(path: final.path, reason: reason)
        }
        try? AtomicFile.flush(root.path)
        if replacing { try? FileManager.default.removeItem(at: aside) }
    }

    /// Removes the staging folder (after a failure).
    func discard() { try? FileManager.default.removeItem(at: staging) }

    /// fsync(2) of every file and folder under `folder` (and `folder` itself).
    static func flushTree(_ folder: URL) throws {
        var paths = [folder.path]
        if let enumerator = FileManager.default.enumerator(atPath: folder.path) {
            while let relative = enumerator.nextObject() as? String {
                paths.append(folder.appendingPathComponent(relative).path)
            }
        }
        for path in paths {
            do { try AtomicFile.flush(path) } catch {
                throw PipelineError.output(path: path, reason: "cannot flush to disk: \(error.reason)")
            }
        }
    }

    static var errnoText: String { String(cString: strerror(errno)) }
}
