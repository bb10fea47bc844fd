import Foundation
import Imaging

/// Writes a `Volume` as a simulated scanner would send it: an original, primary, axial single-frame CT
/// Image Storage or MR Image Storage series of a synthetic patient (`SyntheticStudy`), with no source
/// files. The phantom generator writes its studies with it, so that the pipeline ingests them exactly
/// like scanner data.
///
/// Unlike the derived-image writers, the output is not msl's: it carries neither msl's Contributing
/// Equipment Sequence nor a Device UID, so `SeriesIndex` does not skip it as our own output
/// (`clinical-conventions.md` §7). The General Equipment module names "msl phantom scanner".
///
/// Each instance carries Patient, General Study, General Series (Patient Position HFS, Body Part
/// Examined HEAD), Frame of Reference (the geometry's UID), General Equipment, General Image (Image Type
/// ORIGINAL\PRIMARY\AXIAL, Acquisition Number 1, Image Comments saying it is a phantom), Image Plane,
/// 16-bit MONOCHROME2 Image Pixel, the CT or MR Image module from the `AcquisitionProtocol`, a VOI LUT
/// window and SOP Common:
///
/// - CT: HU stored unsigned with Rescale Intercept −1024, Slope 1, Rescale Type HU, as many scanners
///   do: stored = round(HU + 1024), so HU below −1024 or above 64511 are clipped (and counted); window
///   40/400 HU.
/// - MR: stored = round(signal) clipped to 0…65535, no rescale (MR Image Storage has no Modality LUT);
///   a window covering the stored range of the whole series.
///
/// Every date and time is the study's (never the clock); the Series and SOP Instance UIDs are
/// `DeterministicUID`s of `uidSeed` alone, so the same inputs write the same bytes. Give every series a
/// distinct seed.
///
/// Everything is validated, and every dataset built, before the first file is written.
public struct SimulatedAcquisitionWriter: Sendable {
    /// The patient and study the series belongs to.
    public var study: SyntheticStudy
    /// Series Number (0020,0011), 0…2147483647.
    public var seriesNumber: Int
    /// Series Description (0008,103E), LO (at most 64 characters).
    public var seriesDescription: String
    /// CT values in HU, or MR signal (≥ 0); its geometry must carry a Frame of Reference UID.
    public var volume: Volume
    /// CT or MR, and the acquisition parameters.
    public var acquisition: AcquisitionProtocol
    /// Any non-empty text; every UID written (series, instances) is a `DeterministicUID` of it.
    public var uidSeed: String
    /// File names are "<prefix>-<instance number, 4 digits>.dcm".
    public var fileNamePrefix: String

    /// A writer; nothing is checked until `write(to:)`.
    public init(
        study: SyntheticStudy, seriesNumber: Int, seriesDescription: String, volume: Volume,
        acquisition: AcquisitionProtocol, uidSeed: String, fileNamePrefix: String
    ) {
        self.study = study
        self.seriesNumber = seriesNumber
        self.seriesDescription = seriesDescription
        self.volume = volume
        self.acquisition = acquisition
        self.uidSeed = uidSeed
        self.fileNamePrefix = fileNamePrefix
    }

    /// Validates everything, builds every instance, then writes one file per slice into `directory`
    /// (which must exist), each atomically (temporary name, fsync, rename). If the file system fails
    /// part-way, the files this call already wrote are removed again.
    ///
    /// - Throws: `DICOMError.writeFailed` listing every problem found before writing: non-finite voxels,
    ///   a missing or malformed Frame of Reference UID, UIDs, dates, text too long for its VR, acquisition
    ///   parameters out of range, a missing folder, or output files that already exist (a simulated
    ///   acquisition never replaces files); `.io` when the file system fails.
    public func write(to directory: String) throws(DICOMError) -> WrittenSeries {
        let plan = try prepare(directory: directory)
        var datasets: [DICOMDataset] = []
        var clipped = 0
        for k in 0..<volume.size.z {
            let (dataset, count) = try makeSlice(k, plan: plan)
            datasets.append(dataset)
            clipped += count
        }
        var instances: [WrittenInstance] = []
        do throws(DICOMError) {
            for (k, dataset) in datasets.enumerated() {
                try dataset.save(to: plan.paths[k])
                instances.append(
                    WrittenInstance(path: plan.paths[k], sopInstanceUID: plan.instanceUIDs[k], instanceNumber: k + 1))
            }
        } catch {
            for instance in instances { try? FileManager.default.removeItem(atPath: instance.path) }
            throw error
        }
        return WrittenSeries(
            sopClassUID: acquisition.sopClassUID, seriesInstanceUID: plan.seriesInstanceUID,
            seriesNumber: seriesNumber, instances: instances, clippedVoxelCount: clipped)
    }

    // MARK: - The simulated scanner

    /// Manufacturer (0008,0070).
    static let manufacturer = "msl"
    /// Manufacturer's Model Name (0008,1090).
    static let modelName = "msl phantom scanner"
    /// Device Serial Number (0018,1000).
    static let serialNumber = "MSL-PHANTOM-0001"
    /// Software Versions (0018,1020).
    static let softwareVersions = "msl phantom scanner 1"
    /// Institution Name (0008,0080).
    static let institutionName = "msl synthetic phantoms"
    /// Image Comments (0020,4000) of every instance.
    static let imageComments = "Synthetic phantom generated by msl; not a patient"
    /// CT pixels: HU = 1 · stored − 1024, stored as uint16.
    static let ctMap = StoredValueMap(slope: 1, intercept: -1024, isSigned: false)
    /// MR pixels: signal = stored, uint16.
    static let mrMap = StoredValueMap(slope: 1, intercept: 0, isSigned: false)

    // MARK: - Validation

    /// What `prepare` resolved.
    struct Plan {
        let seriesInstanceUID: String
        /// SOP Instance UID of slice k.
        let instanceUIDs: [String]
        let frameOfReferenceUID: String
        /// How stored values map to the volume's values.
        let map: StoredValueMap
        /// VOI LUT Window Center, Width (stored units after rescale) and Explanation.
        let window: (center: Double, width: Double, explanation: String)
        /// ASCII when every text is; otherwise UTF-8, declared as ISO_IR 192.
        let encoding: DICOMTextEncoding
        /// The file of slice k.
        let paths: [String]
    }

    /// Checks every input and resolves the plan.
    ///
    /// - Throws: `DICOMError.writeFailed` naming every problem, joined by "; ".
    func prepare(directory: String) throws(DICOMError) -> Plan {
        var problems = study.problems() + acquisition.problems()
        let geometry = volume.geometry
        let frame = geometry.frameOfReferenceUID ?? ""
        if frame.isEmpty {
            problems.append(
                "the volume's geometry has no Frame of Reference UID (required: a scanner series always has one)")
        } else if !DICOMValueCheck.isUID(frame) {
            problems.append("the volume's Frame of Reference UID '\(frame)' is not a UID")
        }
        if geometry.size.x > 65535 || geometry.size.y > 65535 {
            problems.append("slices of \(geometry.size.x) × \(geometry.size.y) exceed Rows/Columns 65535")
        }
        if geometry.size.z > 9999 {
            problems.append("\(geometry.size.z) slices exceed the 9999 msl numbers files with")
        }
        if volume.voxels.count != geometry.voxelCount {
            problems.append("the volume has \(volume.voxels.count) voxels, its geometry \(geometry.voxelCount)")
        }
        if let bad = volume.voxels.firstIndex(where: { !$0.isFinite }) {
            let count = volume.voxels.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
            problems.append("the volume has \(count) non-finite voxels (NaN or infinite; first at index \(bad))")
        }
        if !(0...Int(Int32.max)).contains(seriesNumber) {
            problems.append("series number \(seriesNumber) is not within 0…\(Int32.max)")
        }
        if let p = DICOMValueCheck.textProblem(seriesDescription, maxLength: 64) {
            problems.append("series description '\(seriesDescription)' \(p)")
        }
        if uidSeed.isEmpty { problems.append("the UID seed is empty (every UID is derived from it)") }

        let paths = (0..<geometry.size.z).map {
            WriterFiles.path(directory: directory, prefix: fileNamePrefix, number: $0 + 1)
        }
        let folderProblems = WriterFiles.problems(prefix: fileNamePrefix, directory: directory)
        problems += folderProblems
        if folderProblems.isEmpty {
            let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
            if !existing.isEmpty {
                problems.append(
                    "\(existing.count) output file(s) already exist (\(existing.prefix(3).joined(separator: ", "))"
                        + "\(existing.count > 3 ? ", …" : "")): a simulated acquisition never replaces files; "
                        + "write into an empty folder or use another file name prefix")
            }
        }
        guard problems.isEmpty else { throw .writeFailed(path: directory, reason: problems.joined(separator: "; ")) }

        let map: StoredValueMap
        let window: (center: Double, width: Double, explanation: String)
        switch acquisition {
        case .ct:
            map = Self.ctMap
            window = (40, 400, "SOFT TISSUE")
        case .mr:
            map = Self.mrMap
            window = Self.coveringWindow(volume.voxels, map: map)
        }
        let texts = [
            study.patient.name, study.patient.id, study.patient.issuerOfPatientID, study.studyID,
            study.accessionNumber, study.description, seriesDescription,
        ]
        var kernel: [String] = []
        if case .ct(_, _, let convolutionKernel) = acquisition { kernel = [convolutionKernel] }
        let isASCII = (texts + kernel).allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }
        return Plan(
            seriesInstanceUID: uid(role: "series"),
            instanceUIDs: (0..<geometry.size.z).map { uid(role: "instance \($0 + 1)") }, frameOfReferenceUID: frame,
            map: map, window: window, encoding: isASCII ? .ascii : .utf8, paths: paths)
    }

    /// `DeterministicUID` of the seed, for one role ("series", "instance <number>").
    func uid(role: String) -> String {
        DeterministicUID.make(
            inputs: [], parameters: ["seed": uidSeed], version: "", role: "simulated acquisition \(role)")
    }

    /// The linear VOI window that maps the lowest stored value `lo` of `voxels` to black and the highest
    /// `hi` to white (PS3.3 C.11.2.1.2.1): width = hi − lo + 1, center = (lo + hi + 1)/2.
    static func coveringWindow(_ voxels: [Float], map: StoredValueMap) -> (
        center: Double, width: Double, explanation: String
    ) {
        var lo = map.storedRange.upperBound
        var hi = map.storedRange.lowerBound
        for value in voxels {
            let stored = map.stored(value).value
            lo = min(lo, stored)
            hi = max(hi, stored)
        }
        if lo > hi { (lo, hi) = (0, 0) }
        let low = map.value(ofStored: lo)
        let high = map.value(ofStored: hi)
        return ((low + high + map.slope) / 2, high - low + map.slope, "FULL RANGE")
    }
}
