import Foundation
import Imaging

/// One patient's CT and MR files found by `PairedInputDiscovery`.
public struct PairedInput: Sendable, Equatable {
    /// The patient identifier, the part of the file names before `_ct` / `_t1` / `_mr`.
    public let patientID: String
    /// The CT volume (Hounsfield units), NIfTI-1.
    public let ctFile: URL
    /// The T1 MR volume, NIfTI-1.
    public let mrFile: URL

    /// Reads both volumes (`NIfTI.decode`, `.nii` or `.nii.gz`) as an unaligned pair, so that preparation
    /// registers the MR onto the CT as the authors do.
    ///
    /// - Throws: `DatasetError.unreadableFile` naming the file that cannot be read or decoded.
    public func load() throws -> PairedVolumes {
        PairedVolumes(
            patientID: patientID, ct: try Self.read(ctFile), mr: try Self.read(mrFile), aligned: false,
            source: "ct: \(ctFile.lastPathComponent), mr: \(mrFile.lastPathComponent)")
    }

    static func read(_ url: URL) throws -> Volume {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        do { return try NIfTI.decode(data) } catch {
            throw DatasetError.unreadableFile(path: url.path, reason: "not a usable NIfTI-1 volume: \(error)")
        }
    }
}

/// Finds CT/MR pairs in a flat folder of NIfTI files named as the authors name them (`coregister.py` L6-18;
/// reference/msl-authors-code.md §3.1): `<patient>_ct.nii[.gz]` and `<patient>_t1.nii[.gz]`, `_mr` accepted for
/// `_t1`; the modality is the part after the last underscore, case-insensitive.
///
/// Files of other modalities (`_t2`, `_pd`), other names and hidden files are not inputs; they are listed in
/// `ignoredFiles`. Every problem with the inputs (a patient with one modality, two files for one modality, an
/// unreadable file, an identifier that cannot name a dataset file) is collected and reported at once.
public struct PairedInputDiscovery: Sendable {
    /// The folder searched (not recursively).
    public let folder: URL
    /// The pairs found, sorted by patient id.
    public let pairs: [PairedInput]
    /// Names of files that are not inputs, sorted.
    public let ignoredFiles: [String]

    /// The modality a file's name suffix stands for.
    enum Modality: String {
        case ct = "CT"
        case mr = "MR"
    }

    /// Lists `folder` and pairs its files.
    ///
    /// - Throws: `DatasetError.io` when the folder cannot be listed; `.inputFolder` listing every problem, each
    ///   naming its file, or saying that no pair was found.
    public init(folder: URL) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw DatasetError.io(
                path: folder.path, reason: "cannot list the input folder: \(error.localizedDescription)")
        }
        var files: [String: [Modality: [String]]] = [:]
        var ignored: [String] = []
        var problems: [String] = []
        for name in names.sorted() {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                !isDirectory.boolValue, let (patient, modality) = Self.parse(name)
            else {
                if !name.hasPrefix(".") { ignored.append(name) }
                continue
            }
            do { try PatientID.validate(patient) } catch {
                problems.append("\(name): \(error)")
                continue
            }
            if !FileManager.default.isReadableFile(atPath: path) {
                problems.append("\(name): not readable; check its permissions")
            }
            files[patient, default: [:]][modality, default: []].append(name)
        }
        var pairs: [PairedInput] = []
        for patient in PatientSplit.sorted(Array(files.keys)) {
            let found = files[patient] ?? [:]
            for modality in [Modality.ct, .mr] {
                guard let names = found[modality], names.count > 1 else { continue }
                problems.append(
                    "patient \(patient) has \(names.count) \(modality.rawValue) files: "
                        + "\(names.joined(separator: ", ")); keep one")
            }
            guard let ct = found[.ct]?.first, let mr = found[.mr]?.first else {
                let present = (found[.ct] ?? found[.mr] ?? []).joined(separator: ", ")
                let missing =
                    found[.ct] == nil ? "\(patient)_ct.nii[.gz]" : "\(patient)_t1.nii[.gz] or \(patient)_mr.nii[.gz]"
                problems.append("\(present): patient \(patient) has no \(missing); add it or remove \(present)")
                continue
            }
            pairs.append(
                PairedInput(
                    patientID: patient, ctFile: folder.appendingPathComponent(ct),
                    mrFile: folder.appendingPathComponent(mr)))
        }
        if problems.isEmpty && pairs.isEmpty {
            problems.append("no <patient>_ct.nii[.gz] with a matching <patient>_t1.nii[.gz] (or _mr) was found")
        }
        guard problems.isEmpty else { throw DatasetError.inputFolder(path: folder.path, problems: problems) }
        self.folder = folder
        self.pairs = pairs
        self.ignoredFiles = ignored
    }

    /// The patient ids of the pairs, sorted.
    public var patientIDs: [String] { pairs.map(\.patientID) }

    /// Patient and modality of an input file name, or nil when the name is not `<patient>_<ct|t1|mr>.nii[.gz]`.
    static func parse(_ name: String) -> (patient: String, modality: Modality)? {
        let lower = name.lowercased()
        let stem: Substring
        if lower.hasSuffix(".nii.gz") {
            stem = name.dropLast(7)
        } else if lower.hasSuffix(".nii") {
            stem = name.dropLast(4)
        } else {
            return nil
        }
        guard let underscore = stem.lastIndex(of: "_") else { return nil }
        let patient = String(stem[..<underscore])
        let suffix = stem[stem.index(after: underscore)...].lowercased()
        guard !patient.isEmpty else { return nil }
        switch suffix {
        case "ct": return (patient, .ct)
        case "t1", "mr": return (patient, .mr)
        default: return nil
        }
    }
}
