import DICOM
import Foundation

/// The intake decision for one file (clinical-conventions §1): parse it fully (Part 10 header, every attribute,
/// Pixel Data of the length Rows × Columns × Samples × Bits/8 × Frames) before admitting it; leave our own
/// outputs alone; quarantine what is not a usable CT or MR image. A file that fails to parse while it is still
/// younger than the quiet time is only `notYet`: a producer may be appending to it in chunks.
public enum FileAdmission: Sendable, Equatable {
    /// A hidden or temporary name, or not a regular file.
    case ignored
    /// Failed to parse, but modified less than the quiet time ago: look again later.
    case notYet(retryAt: Double)
    /// Stamped with our DeviceUID: one of our outputs. Never ingested, never moved.
    case ownOutput
    /// Not acceptable input, for good: quarantine with this reason code and (redacted) message.
    case rejected(reason: String, message: String)
    /// A parsed CT or MR instance.
    case admitted(InstanceFacts)

    /// What the journal and the grouping need of an admitted instance.
    public struct InstanceFacts: Sendable, Equatable {
        public var size: Int
        public var mtime: Double
        public var sopInstanceUID: String
        public var studyInstanceUID: String
        public var seriesInstanceUID: String
        /// PatientID and issuer joined (`issuer\ID`): hashed before it is stored.
        public var patient: String
        public var modality: String
        public var instanceNumber: Int?
        public var frames: Int
        public var positionMM: Double?
    }

    /// Judges the file at `path` at time `now` (seconds since 1970).
    public static func judge(
        _ path: String, modalities: [String], quietSeconds: Double, now: Double, limits: ReadingLimits = ReadingLimits()
    ) -> FileAdmission {
        let name = (path as NSString).lastPathComponent
        guard !DirectoryScanner.isIgnored(name: name) else { return .ignored }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .ignored }
        let mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        let metadata: InstanceMetadata
        do {
            metadata = try DICOMFile(path: path, limits: limits).metadata()
        } catch {
            if now - mtime < quietSeconds { return .notYet(retryAt: mtime + quietSeconds) }
            return .rejected(reason: reasonCode(error), message: Redaction.redact(error.description))
        }
        if metadata.contributingDeviceUIDs.contains(MSLIdentity.deviceUID) { return .ownOutput }
        guard modalities.contains(metadata.modality) else {
            return .rejected(
                reason: "unsupported-modality",
                message: "modality \(metadata.modality) is not one of \(modalities.joined(separator: ", ")) (intake.modalities)")
        }
        var position: Double?
        if let ipp = metadata.imagePositionPatient, let row = metadata.imageOrientationRow,
            let column = metadata.imageOrientationColumn
        {
            let normal = SIMD3(
                row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z, row.x * column.y - row.y * column.x)
            position = (ipp * normal).sum()
        }
        return .admitted(
            InstanceFacts(
                size: Int(info.st_size), mtime: mtime, sopInstanceUID: metadata.sopInstanceUID,
                studyInstanceUID: metadata.studyInstanceUID, seriesInstanceUID: metadata.seriesInstanceUID,
                patient: (metadata.issuerOfPatientID ?? "") + "\\" + (metadata.patientID ?? ""),
                modality: metadata.modality, instanceNumber: metadata.instanceNumber,
                frames: max(1, metadata.numberOfFrames), positionMM: position))
    }

    /// The quarantine reason code of a DICOM reading error.
    static func reasonCode(_ error: DICOMError) -> String {
        switch error {
        case .unreadable: return "unreadable"
        case .invalidAttribute: return "invalid-attribute"
        case .undecodablePixels: return "undecodable-pixels"
        case .limitExceeded: return "too-large"
        case .geometryRejected: return "geometry"
        case .writeFailed, .io: return "unreadable"
        default: return "unreadable"
        }
    }
}
