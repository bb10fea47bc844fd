import Digest
import Foundation
import Tensor

/// One stored slice: N×N images, row-major.
public struct DatasetSlice: Sendable, Equatable {
    /// CT on the network scale, N² values in [0, 1].
    public let ct: [Float]
    /// MR min–max normalised, N² values in [0, 1].
    public let mr: [Float]
    /// Head mask, N² values in {0, 1}.
    public let mask: [Float]
    /// The slice's axial index k in the patient's CT volume.
    public let sourceIndex: Int
}

/// A slice of a dataset: patient id and position (0..<S) among that patient's stored slices.
public struct SliceReference: Sendable, Hashable {
    /// The patient identifier.
    public let patient: String
    /// The position among the patient's stored slices, 0..<S (not the CT slice index).
    public let index: Int

    public init(patient: String, index: Int) {
        self.patient = patient
        self.index = index
    }
}

/// A dataset folder opened for training and evaluation (format in `DatasetManifest`).
///
/// Opening validates everything once: manifest format and version, every listed file present, its SHA-256, its
/// tensors' names and shapes. Every patient's arrays are then held in memory (the whole dataset is read anyway
/// to check the hashes; at N = 128 a slice costs 192 KiB), so a training loop draws random slices of a split
/// with `slices(in:)` and `slice(_:)` at the cost of copying 3·N² floats, from any number of tasks (the value
/// is immutable and `Sendable`).
public struct Dataset: Sendable {
    /// The dataset folder.
    public let folder: URL
    /// The validated manifest.
    public let manifest: DatasetManifest
    /// Each patient's stored arrays, by id.
    private let stored: [String: StoredPatient]

    /// One patient's tensors as flat arrays.
    private struct StoredPatient: Sendable {
        let ct: [Float]
        let mr: [Float]
        let mask: [Float]
        let sliceIndices: [Int]
    }

    /// Opens and validates the dataset in `folder`.
    ///
    /// - Throws: `DatasetError.invalidManifest` (missing, unreadable or inconsistent manifest),
    ///   `.unsupportedVersion`, `.missingFile`, `.hashMismatch`, `.invalidPatientFile`; each names the file.
    public init(folder: URL) throws {
        let manifest = try Self.readManifest(folder: folder)
        var stored: [String: StoredPatient] = [:]
        for entry in manifest.patients {
            stored[entry.id] = try Self.readPatient(entry, folder: folder, modelSize: manifest.modelSize)
        }
        self.folder = folder
        self.manifest = manifest
        self.stored = stored
    }

    /// Side N of the model grid.
    public var modelSize: Int { manifest.modelSize }

    /// The patients of one part, sorted.
    public func patients(in part: DatasetPart) -> [String] { manifest.split[part] }

    /// Every slice of one part: its patients in sorted order, each patient's slices in stored order.
    public func slices(in part: DatasetPart) -> [SliceReference] {
        patients(in: part).flatMap { id in
            (0..<(stored[id]?.sliceIndices.count ?? 0)).map { SliceReference(patient: id, index: $0) }
        }
    }

    /// Number of stored slices of a patient (0 for an unknown id).
    public func sliceCount(patient: String) -> Int { stored[patient]?.sliceIndices.count ?? 0 }

    /// Stored slice `index` (0..<S) of `patient`.
    ///
    /// - Throws: `DatasetError.unknownPatient`, `.sliceOutOfRange`.
    public func slice(patient: String, index: Int) throws -> DatasetSlice {
        guard let arrays = stored[patient] else { throw DatasetError.unknownPatient(patient) }
        guard index >= 0, index < arrays.sliceIndices.count else {
            throw DatasetError.sliceOutOfRange(patient: patient, index: index, count: arrays.sliceIndices.count)
        }
        let count = modelSize * modelSize
        let range = index * count..<(index + 1) * count
        return DatasetSlice(
            ct: Array(arrays.ct[range]), mr: Array(arrays.mr[range]), mask: Array(arrays.mask[range]),
            sourceIndex: arrays.sliceIndices[index])
    }

    /// The slice a reference points to (see `slice(patient:index:)`).
    public func slice(_ reference: SliceReference) throws -> DatasetSlice {
        try slice(patient: reference.patient, index: reference.index)
    }

    // MARK: - Validation

    /// Reads `manifest.json`, checks format and version before the rest, then its internal consistency.
    static func readManifest(folder: URL) throws -> DatasetManifest {
        let url = folder.appendingPathComponent(DatasetManifest.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DatasetError.invalidManifest(
                path: url.path, reason: "no manifest: the folder is not a dataset, or writing it did not finish")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.invalidManifest(path: url.path, reason: "cannot read it: \(error.localizedDescription)")
        }
        struct Header: Decodable {
            let format: String
            let version: Int
        }
        let decoder = JSONDecoder()
        let header: Header
        do { header = try decoder.decode(Header.self, from: data) } catch {
            throw DatasetError.invalidManifest(path: url.path, reason: "no format and version fields: \(error)")
        }
        guard header.format == DatasetManifest.formatName else {
            throw DatasetError.invalidManifest(
                path: url.path, reason: "format \"\(header.format)\", expected \"\(DatasetManifest.formatName)\"")
        }
        guard header.version == DatasetManifest.currentVersion else {
            throw DatasetError.unsupportedVersion(
                path: url.path, found: "\(header.version)", supported: "\(DatasetManifest.currentVersion)")
        }
        let manifest: DatasetManifest
        do { manifest = try decoder.decode(DatasetManifest.self, from: data) } catch {
            throw DatasetError.invalidManifest(path: url.path, reason: "\(error)")
        }
        let problems = manifest.problems
        guard problems.isEmpty else {
            throw DatasetError.invalidManifest(path: url.path, reason: problems.joined(separator: "; "))
        }
        return manifest
    }

    /// Reads one patient file: present, SHA-256 as listed, tensors `ct`, `mr`, `mask` [S, N, N] and
    /// `slice_index` [S] holding non-negative integers.
    private static func readPatient(
        _ entry: DatasetManifest.Patient, folder: URL, modelSize n: Int
    ) throws -> StoredPatient {
        let url = folder.appendingPathComponent(entry.file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DatasetError.missingFile(path: url.path, patient: entry.id)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.io(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        let digest = SHA256.hex(SHA256.hash(data))
        guard digest == entry.sha256 else {
            throw DatasetError.hashMismatch(path: url.path, expected: entry.sha256, actual: digest)
        }
        let file: SafetensorsFile
        do { file = try SafetensorsFile.decode(data, path: url.path) } catch {
            throw DatasetError.invalidPatientFile(path: url.path, reason: "\(error)")
        }
        let s = entry.sliceCount
        func tensor(_ name: String, shape: [Int]) throws -> [Float] {
            guard let tensor = file[name] else {
                throw DatasetError.invalidPatientFile(path: url.path, reason: "no tensor \"\(name)\"")
            }
            guard tensor.shape == shape else {
                throw DatasetError.invalidPatientFile(
                    path: url.path,
                    reason: "tensor \"\(name)\" has shape \(tensor.shape), the manifest implies \(shape)")
            }
            return tensor.values
        }
        let indices = try tensor("slice_index", shape: [s])
        guard indices.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 16_777_216 }) else {
            throw DatasetError.invalidPatientFile(
                path: url.path, reason: "slice_index holds a non-integer or negative value")
        }
        return StoredPatient(
            ct: try tensor("ct", shape: [s, n, n]), mr: try tensor("mr", shape: [s, n, n]),
            mask: try tensor("mask", shape: [s, n, n]), sliceIndices: indices.map { Int($0) })
    }
}
