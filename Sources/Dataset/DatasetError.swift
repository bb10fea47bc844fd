/// Why a dataset could not be prepared, read or written; every case names the file or patient.
public enum DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad input data or parameters.
    case invalidInput(String)
    /// `DatasetPreparationOptions` break one or more rules (all listed).
    case invalidOptions(problems: [String])
    /// A patient identifier cannot name a dataset file.
    case invalidPatientID(id: String, reason: String)
    /// An input folder of NIfTI pairs has problems (each names its file).
    case inputFolder(path: String, problems: [String])
    /// An input file exists but cannot be read or decoded.
    case unreadableFile(path: String, reason: String)
    /// A pair declared aligned is not on one grid.
    case notOnOneGrid(patient: String, reason: String)
    /// MR → CT registration failed.
    case registrationFailed(patient: String, reason: String)
    /// No axial slice of a patient passes the head-mask test.
    case noHeadSlices(patient: String, detail: String)
    /// A train/validation/test split cannot be made or is inconsistent.
    case invalidSplit(String)
    /// A file-system operation failed.
    case io(path: String, reason: String)
    /// `manifest.json` is missing, not JSON, or inconsistent.
    case invalidManifest(path: String, reason: String)
    /// The dataset was written by a format version this reader does not know.
    case unsupportedVersion(path: String, found: String, supported: String)
    /// A file the manifest lists is not in the folder.
    case missingFile(path: String, patient: String)
    /// A file's SHA-256 differs from the manifest's.
    case hashMismatch(path: String, expected: String, actual: String)
    /// A patient file is readable but its tensors do not match the manifest.
    case invalidPatientFile(path: String, reason: String)
    /// No patient of that id in the dataset.
    case unknownPatient(String)
    /// A slice position outside a patient's slices.
    case sliceOutOfRange(patient: String, index: Int, count: Int)

    /// What failed, where, and how to fix it.
    public var description: String {
        switch self {
        case .invalidInput(let message):
            return message
        case .invalidOptions(let problems):
            return "invalid dataset preparation options:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .invalidPatientID(let id, let reason):
            return "patient id \"\(id)\" \(reason); use letters, digits, '.', '-' and '_' (not starting with '.')"
        case .inputFolder(let path, let problems):
            return "\(path): cannot pair the CT and MR files:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .notOnOneGrid(let patient, let reason):
            return "patient \(patient): CT and MR are declared aligned but are not on one grid (\(reason)); "
                + "declare the pair unaligned so the MR is registered and resampled onto the CT"
        case .registrationFailed(let patient, let reason):
            return "patient \(patient): MR to CT registration failed: \(reason)"
        case .noHeadSlices(let patient, let detail):
            return "patient \(patient): no axial slice has head foreground (\(detail)); check the MR volume "
                + "or lower the minimum head fraction"
        case .invalidSplit(let message):
            return "invalid patient split: \(message)"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .invalidManifest(let path, let reason):
            return "\(path): invalid dataset manifest: \(reason); prepare the dataset again"
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path): dataset format \(found) is not supported (this build reads \(supported)); "
                + "prepare the dataset again with this build"
        case .missingFile(let path, let patient):
            return "\(path): file of patient \(patient) listed in the manifest is missing; "
                + "restore it or prepare the dataset again"
        case .hashMismatch(let path, let expected, let actual):
            return "\(path): SHA-256 \(actual) does not match the manifest's \(expected); the file was modified "
                + "or damaged: restore it or prepare the dataset again"
        case .invalidPatientFile(let path, let reason):
            return "\(path): \(reason); prepare the dataset again"
        case .unknownPatient(let id):
            return "no patient \"\(id)\" in the dataset"
        case .sliceOutOfRange(let patient, let index, let count):
            return "patient \(patient): slice \(index) is outside 0..<\(count)"
        }
    }
}
