import Digest
import Foundation
import Imaging
import Tensor

/// Writes a dataset folder (format in `DatasetManifest`): one `<id>.safetensors` per patient, each written
/// atomically (`AtomicFile`), then `manifest.json` last, so that a folder with a manifest is always complete.
///
/// Usage: `init` with the split decided beforehand, `write` each prepared patient, `finish`.
public struct DatasetWriter {
    /// The dataset folder.
    public let folder: URL
    /// The preparation options recorded in the manifest.
    public let options: DatasetPreparationOptions
    /// The split seed recorded in the manifest.
    public let seed: UInt64
    /// The split recorded in the manifest; `finish` requires a file for each of its patients.
    public let split: PatientSplit
    /// Entries of the patients written so far, by id.
    private var written: [String: DatasetManifest.Patient] = [:]

    /// The value of each patient file's `format` metadata.
    public static let patientFormatName = "msl-dataset-patient"

    /// Prepares `folder` for writing, creating it if needed.
    ///
    /// - Parameter replacingExisting: a folder that already holds a manifest is refused unless this is true; then
    ///   the old manifest is deleted first, so the folder reads as incomplete until `finish`.
    /// - Throws: `DatasetError.invalidOptions`, or `.io` when the folder cannot be created or holds a dataset.
    public init(
        folder: URL, options: DatasetPreparationOptions, seed: UInt64, split: PatientSplit,
        replacingExisting: Bool = false
    ) throws {
        try options.validate()
        let manager = FileManager.default
        let manifest = folder.appendingPathComponent(DatasetManifest.fileName)
        if manager.fileExists(atPath: manifest.path) {
            guard replacingExisting else {
                throw DatasetError.io(
                    path: folder.path,
                    reason: "already holds a dataset (\(DatasetManifest.fileName)); "
                        + "choose another folder or replace it explicitly")
            }
            do { try manager.removeItem(at: manifest) } catch {
                throw DatasetError.io(path: manifest.path, reason: "cannot remove the old manifest: \(error)")
            }
        }
        do { try manager.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw DatasetError.io(path: folder.path, reason: "cannot create the dataset folder: \(error)")
        }
        self.folder = folder
        self.options = options
        self.seed = seed
        self.split = split
    }

    /// The file name of a patient's tensors.
    public static func fileName(of patient: String) -> String { "\(patient).safetensors" }

    /// Writes one patient's file atomically and remembers its entry for the manifest.
    ///
    /// - Throws: `DatasetError.invalidPatientID`, `.invalidInput` (wrong model size, no slices, a patient written
    ///   twice), `.io`.
    @discardableResult
    public mutating func write(_ patient: PreparedPatient) throws -> DatasetManifest.Patient {
        try PatientID.validate(patient.id)
        guard patient.modelSize == options.modelSize else {
            throw DatasetError.invalidInput(
                "patient \(patient.id) was prepared at \(patient.modelSize)×\(patient.modelSize), "
                    + "the dataset is \(options.modelSize)×\(options.modelSize)")
        }
        guard patient.sliceCount >= 1 else {
            throw DatasetError.invalidInput("patient \(patient.id) has no slices; a dataset file needs at least one")
        }
        guard written[patient.id] == nil else {
            throw DatasetError.invalidInput("patient \(patient.id) is written twice")
        }
        let n = patient.modelSize
        let shape = [patient.sliceCount, n, n]
        let tensors = [
            "ct": Tensor(shape: shape, values: patient.ct),
            "mr": Tensor(shape: shape, values: patient.mr),
            "mask": Tensor(shape: shape, values: patient.mask),
            "slice_index": Tensor(shape: [patient.sliceCount], values: patient.sliceIndices.map(Float.init)),
        ]
        let metadata = [
            "format": Self.patientFormatName, "version": "\(DatasetManifest.currentVersion)", "patient": patient.id,
        ]
        let data = SafetensorsFile.encode(tensors, metadata: metadata)
        let file = Self.fileName(of: patient.id)
        try AtomicFile.write(data, to: folder.appendingPathComponent(file))
        let entry = DatasetManifest.Patient(
            id: patient.id, file: file, sliceCount: patient.sliceCount, sha256: SHA256.hex(SHA256.hash(data)),
            source: patient.source, registration: patient.registration, normalisation: patient.normalisation)
        written[patient.id] = entry
        return entry
    }

    /// Writes `manifest.json` atomically, after checking that every patient of the split was written.
    ///
    /// - Throws: `DatasetError.invalidSplit` naming the split patients without a file, `.io`.
    @discardableResult
    public func finish() throws -> DatasetManifest {
        let missing = split.allPatients.filter { written[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.joined(separator: ", ")
            throw DatasetError.invalidSplit(
                "no file was written for \(names); prepare them or leave them out of the split")
        }
        let manifest = DatasetManifest(
            format: DatasetManifest.formatName, version: DatasetManifest.currentVersion,
            modelSize: options.modelSize, fieldOfViewMM: options.fieldOfViewMM, options: options,
            normalisation: IntensityNormalisation.summary, seed: seed, split: split,
            patients: PatientSplit.sorted(Array(written.keys)).compactMap { written[$0] })
        let data: Data
        do { data = try manifest.encoded() } catch {
            throw DatasetError.io(path: folder.path, reason: "cannot encode the manifest: \(error)")
        }
        try AtomicFile.write(data, to: folder.appendingPathComponent(DatasetManifest.fileName))
        return manifest
    }
}
