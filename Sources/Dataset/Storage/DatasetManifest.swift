import Foundation

/// `manifest.json` of a dataset folder: what the folder holds and how it was made.
///
/// A dataset folder holds this manifest and one safetensors file per patient, `<id>.safetensors`, with four
/// F32 tensors: `ct`, `mr`, `mask` of shape [S, N, N] (slice-major, rows then columns; CT and MR in [0, 1], the
/// mask 0/1) and `slice_index` of shape [S], the axial index k of each stored slice in the patient's CT volume
/// (F32 because the safetensors writer stores F32 only; exact for indices below 2²⁴). The file's metadata holds
/// `format` = "msl-dataset-patient", `version` and `patient`.
///
/// The manifest is written last, after every patient file, so a folder with a manifest is complete: the reader
/// checks the format name and version, that every listed file exists, that its SHA-256 matches, and that its
/// tensors have the listed shapes. JSON keys are explicit snake_case and sorted.
public struct DatasetManifest: Sendable, Equatable, Codable {
    /// The value of `format`.
    public static let formatName = "msl-dataset"
    /// The version this build writes and reads.
    public static let currentVersion = 1
    /// The manifest's file name inside a dataset folder.
    public static let fileName = "manifest.json"

    /// One patient's file.
    public struct Patient: Sendable, Equatable, Codable {
        /// The patient identifier.
        public var id: String
        /// The file name inside the folder, `<id>.safetensors`.
        public var file: String
        /// Number of stored slices S.
        public var sliceCount: Int
        /// SHA-256 of the whole file, lower-case hexadecimal.
        public var sha256: String
        /// Where the volumes came from.
        public var source: String
        /// How the MR reached the CT grid.
        public var registration: RegistrationSummary
        /// The intensity maps applied.
        public var normalisation: IntensityNormalisation

        enum CodingKeys: String, CodingKey {
            case id
            case file
            case sliceCount = "slice_count"
            case sha256
            case source
            case registration
            case normalisation
        }
    }

    /// Always `formatName`.
    public var format: String
    /// The format version, `currentVersion` when written by this build.
    public var version: Int
    /// Side N of the model grid.
    public var modelSize: Int
    /// Side of the square field of view (mm).
    public var fieldOfViewMM: Double
    /// The preparation options used.
    public var options: DatasetPreparationOptions
    /// How intensities were normalised (`IntensityNormalisation.summary`).
    public var normalisation: String
    /// The seed of the patient split.
    public var seed: UInt64
    /// Which patients train, validate and test.
    public var split: PatientSplit
    /// Every patient file, sorted by id.
    public var patients: [Patient]

    enum CodingKeys: String, CodingKey {
        case format
        case version
        case modelSize = "model_size"
        case fieldOfViewMM = "field_of_view_mm"
        case options
        case normalisation
        case seed
        case split
        case patients
    }

    /// The entry of patient `id`, if listed.
    public func patient(_ id: String) -> Patient? { patients.first { $0.id == id } }

    /// The manifest as pretty, key-sorted JSON (deterministic bytes).
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Every inconsistency between the manifest's own fields, empty when there is none (files are not read).
    var problems: [String] {
        var problems: [String] = []
        if modelSize != options.modelSize {
            problems.append("model_size \(modelSize) differs from options.model_size \(options.modelSize)")
        }
        if fieldOfViewMM != options.fieldOfViewMM {
            problems.append("field_of_view_mm \(fieldOfViewMM) differs from options \(options.fieldOfViewMM)")
        }
        var ids = Set<String>()
        for patient in patients {
            if !ids.insert(patient.id).inserted { problems.append("patient \(patient.id) is listed twice") }
            if patient.file != DatasetWriter.fileName(of: patient.id) {
                problems.append(
                    "patient \(patient.id) has file \"\(patient.file)\", expected \"\(patient.id).safetensors\"")
            }
            if patient.sliceCount < 1 { problems.append("patient \(patient.id) has \(patient.sliceCount) slices") }
        }
        for id in split.allPatients where !ids.contains(id) {
            problems.append("split lists patient \(id), which has no file entry")
        }
        return problems
    }
}
