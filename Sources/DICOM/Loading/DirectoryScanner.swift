import Foundation
import Imaging

/// Reads the metadata of every DICOM file under a folder, without decoding pixels, in parallel.
///
/// Hidden files and temporary names (`*.part`, `*.tmp`, `*.partial`) are skipped: producers
/// write under such names and rename when done (`clinical-conventions.md` §1). A file that is
/// not valid DICOM is reported with its error and never stops the scan.
public struct DirectoryScanner: Sendable {
    public var limits: ReadingLimits
    /// Worker threads for parsing.
    public var threads: Int

    public init(limits: ReadingLimits = ReadingLimits(), threads: Int = 2) {
        self.limits = limits
        self.threads = max(1, threads)
    }

    public struct Result: Sendable {
        /// Instances in path order.
        public var instances: [InstanceMetadata]
        /// Files that could not be read as DICOM, with why.
        public var rejected: [DICOMError]
        /// Files skipped by name (hidden or temporary).
        public var ignored: [String]
    }

    /// Whether a file name is one a producer is still writing or a hidden file.
    public static func isIgnored(name: String) -> Bool {
        name.hasPrefix(".") || [".part", ".tmp", ".partial"].contains { name.hasSuffix($0) }
    }

    /// Every regular file under `root` (recursively; links are not followed), split into
    /// candidates and ignored names, each sorted by path.
    public static func files(under root: String) throws(DICOMError) -> (candidates: [String], ignored: [String]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw .io(path: root, reason: "no such file or folder")
        }
        guard isDirectory.boolValue else { return isIgnored(name: (root as NSString).lastPathComponent) ? ([], [root]) : ([root], []) }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw .io(path: root, reason: "cannot list the folder")
        }
        var candidates: [String] = []
        var ignored: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = (root as NSString).appendingPathComponent(relative)
            let name = (relative as NSString).lastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                if name.hasPrefix(".") { enumerator.skipDescendants() }
                continue
            }
            if isIgnored(name: name) { ignored.append(path) } else { candidates.append(path) }
        }
        return (candidates.sorted(), ignored.sorted())
    }

    /// Scans `root` (a folder or one file).
    public func scan(_ root: String) throws(DICOMError) -> Result {
        let (paths, ignored) = try Self.files(under: root)
        let limits = self.limits
        let outcomes = parallelMap(paths, threads: threads) { path in
            Swift.Result { () throws(DICOMError) in try DICOMFile(path: path, limits: limits).metadata() }
        }
        var result = Result(instances: [], rejected: [], ignored: ignored)
        for outcome in outcomes {
            switch outcome {
            case .success(let instance): result.instances.append(instance)
            case .failure(let error): result.rejected.append(error)
            }
        }
        return result
    }
}
