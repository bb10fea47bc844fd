import DICOM
import Imaging
import Digest
import Foundation

/// `manifest.json`, the last file of a job: every file of the job folder with its size and SHA-256, and for
/// DICOM files the SOP class, SOP instance, series and role, so a receiver can check that the job is complete
/// and intact without parsing DICOM.
struct JobManifest: Codable {
    static let fileName = "manifest.json"

    struct File: Codable {
        /// Path relative to the job folder.
        let path: String
        let bytes: Int
        let sha256: String
        let role: String
        let sopClassUID: String?
        let sopInstanceUID: String?
        let seriesInstanceUID: String?
    }

    var format = "msl-job-manifest"
    var version = 1
    let job: String
    let software: String
    let files: [File]

    /// Lists and hashes every file under `folder` (the staging folder), DICOM files with their UIDs from
    /// `outputs`, other files with `roles[name]` or "file".
    init(job: String, software: String, folder: URL, outputs: [DICOMOutputs.Output], roles: [String: String]) throws {
        var dicom: [String: (DICOMOutputs.Output, WrittenInstance)] = [:]
        for output in outputs {
            for instance in output.series.instances {
                dicom[URL(fileURLWithPath: instance.path).standardizedFileURL.path] = (output, instance)
            }
        }
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw PipelineError.output(path: base, reason: "cannot list the job folder")
        }
        var files: [File] = []
        for case let relative as String in enumerator {
            let url = URL(fileURLWithPath: base).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw PipelineError.output(path: url.path, reason: "cannot read back for the manifest: \(error)")
            }
            let entry = dicom[url.standardizedFileURL.path]
            files.append(
                File(
                    path: relative, bytes: data.count, sha256: SHA256.hex(SHA256.hash(data)),
                    role: entry?.0.role ?? roles[relative] ?? "file", sopClassUID: entry?.0.series.sopClassUID,
                    sopInstanceUID: entry?.1.sopInstanceUID, seriesInstanceUID: entry?.0.series.seriesInstanceUID))
        }
        self.job = job
        self.software = software
        self.files = files.sorted { $0.path < $1.path }
    }

    /// Writes the manifest into `folder` atomically.
    func write(into folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self) + Data("\n".utf8), to: folder.appendingPathComponent(Self.fileName))
    }
}
