import DICOM
import Foundation
import Testing

/// The validators of `clinical-conventions.md` §20 as the tests run them: dicom3tools' `dciodvfy` and
/// `dcentvfy`, DCMTK's `dcmdump` and `dump2dcm`/`dcmodify`, and `dcm2niix`; with the warnings msl's outputs
/// are allowed to carry, each with its reason.
enum DICOMValidationTools {
    struct Outcome {
        let status: Int32
        let output: String
        var lines: [String] { output.split(separator: "\n").map(String.init) }
    }

    static let toolsInstalled = ["dciodvfy", "dcentvfy", "dcmdump", "dump2dcm", "dcmodify", "dcm2niix"].allSatisfy {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/\($0)")
    }

    /// Runs /usr/bin/`tool` with `arguments`; stdout and stderr together.
    static func run(_ tool: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    // MARK: - dciodvfy

    /// A dciodvfy warning msl's outputs may carry, and why.
    struct Allowed {
        let pattern: String
        let reason: String
        /// The IOD dciodvfy must have recognised for the warning to be allowed; nil for any.
        var iod: String? = nil
    }

    /// Warnings allowed on every msl output, whatever its source.
    static let allowedWarnings: [Allowed] = [
        Allowed(
            pattern: "CodingSchemeDesignator(0008,0102)[1]> - Unrecognized defined term = <99MSL>",
            reason: "msl's private coding scheme (PS3.16: private designators start with 99), declared in Coding "
                + "Scheme Identification Sequence; used where no DCM/SCT code fits (conventions §9: no invented DCM "
                + "codes)"),
        Allowed(
            pattern: "ContributingEquipmentSequence(0018,a001)[1]/DeviceUID(0018,1002)> - Attribute is not present "
                + "in standard DICOM IOD",
            reason: "conventions §7: msl's Device UID in Contributing Equipment is how intake recognises and skips "
                + "msl's own outputs; a standard attribute (General Equipment defines it) added to the item, as a "
                + "Standard Extended SOP Class allows (PS3.4 B.1.3); this dicom3tools release does not list it there"),
        Allowed(
            pattern: "</ImageType(0008,0008)[3]> - Unrecognized defined term = <AXIAL>",
            reason: "conventions §9 fix Image Type DERIVED\\SECONDARY\\AXIAL for every derived image; value 3 of MR "
                + "Image Type has defined (extensible) terms without AXIAL",
            iod: "MRImage"),
    ]

    /// The lines of `dciodvfy -new` on `path`: errors, and warnings neither allowed nor inherited.
    ///
    /// A warning is inherited when dciodvfy gives the reference source the same warning for the same
    /// attribute: values msl copies verbatim (a retired "REMOVED" Person Name form, empty Study Date that
    /// a DICOMDIR would need) keep the source's warnings, and msl must not alter them.
    static func dciodvfyProblems(_ path: String, source: String) throws -> [String] {
        let outcome = try run("dciodvfy", ["-new", path])
        let iod = outcome.lines.first { !$0.hasPrefix("Warning") && !$0.hasPrefix("Error") }
        let inherited = Set(try run("dciodvfy", ["-new", source]).lines.filter { $0.hasPrefix("Warning") })
        return outcome.lines.filter { line in
            if line.hasPrefix("Error") { return true }
            guard line.hasPrefix("Warning") else { return false }
            if allowedWarnings.contains(where: { line.contains($0.pattern) && ($0.iod == nil || $0.iod == iod) }) {
                return false
            }
            return !inherited.contains(line)
        }
    }

    /// The first line of `dciodvfy -new`: the IOD it recognised ("CTImage", "ParametricMap", …).
    static func iodName(_ path: String) throws -> String? {
        try run("dciodvfy", ["-new", path]).lines.first { !$0.hasPrefix("Warning") && !$0.hasPrefix("Error") }
    }

    // MARK: - dcentvfy

    /// dcentvfy findings allowed across inputs and outputs, by element, with the condition on the reference
    /// source under which each is expected, and why.
    struct AllowedEntityDifference: Sendable {
        let element: String
        let reason: String
        let applies: @Sendable (DICOMFile) throws -> Bool
    }

    static let allowedEntityDifferences: [AllowedEntityDifference] = [
        AllowedEntityDifference(
            element: "PatientBirthDate",
            reason: "Type 2 in every IOD: msl writes it empty where the source lacks it (the source is non-conformant, "
                + "dciodvfy: Missing attribute for Type 2 Required); dcentvfy counts empty and absent as different",
            applies: { !$0.contains(Tag.patientBirthDate) }),
        AllowedEntityDifference(
            element: "PatientSex", reason: "as PatientBirthDate", applies: { !$0.contains(Tag.patientSex) }),
        AllowedEntityDifference(
            element: "PatientIdentityRemoved",
            reason: "the source says YES with an empty De-identification Method (an invalid Type 1C): msl neither "
                + "copies an invalid statement nor invents a method it did not apply",
            applies: {
                try $0.string(Tag.patientIdentityRemoved) == "YES" && $0.string(Tag.deidentificationMethod) == nil
            }),
        AllowedEntityDifference(
            element: "DeidentificationMethod", reason: "as PatientIdentityRemoved",
            applies: {
                try $0.string(Tag.patientIdentityRemoved) == "YES" && $0.string(Tag.deidentificationMethod) == nil
            }),
    ]

    enum Tag {
        static let patientBirthDate = AttributeTag(group: 0x0010, element: 0x0030, keyword: "PatientBirthDate")
        static let patientSex = AttributeTag(group: 0x0010, element: 0x0040, keyword: "PatientSex")
        static let patientIdentityRemoved = AttributeTag(
            group: 0x0012, element: 0x0062, keyword: "PatientIdentityRemoved")
        static let deidentificationMethod = AttributeTag(
            group: 0x0012, element: 0x0063, keyword: "DeidentificationMethod")
    }

    /// dcentvfy's lines over `files` that are not allowed differences for this `reference` source.
    static func dcentvfyProblems(_ files: [String], reference: String) throws -> [String] {
        let outcome = try run("dcentvfy", files)
        let source = try DICOMFile(path: reference)
        var allowed: Set<String> = []
        for difference in allowedEntityDifferences where try difference.applies(source) {
            allowed.insert(difference.element)
        }
        let problems = outcome.lines.filter { line in
            let prefix = "Attribute present in one instance but not the other - Element=<"
            guard let range = line.range(of: prefix) else { return true }
            let element = line[range.upperBound...].prefix { $0 != ">" }
            return !allowed.contains(String(element))
        }
        return outcome.status == 0 ? problems : problems + ["exit status \(outcome.status)"]
    }

    // MARK: - dcm2niix

    /// dcm2niix warnings allowed on msl's image series, and why.
    static let allowedConversionWarnings: [Allowed] = [
        Allowed(
            pattern: "Warning: Unable to determine manufacturer (0008,0070), so conversion is not tuned for vendor.",
            reason: "Manufacturer is msl, not a scanner vendor; vendor tuning only concerns scanner-specific private "
                + "tags, which derived images do not have")
    ]

    /// Runs dcm2niix on a folder holding one series; returns the NIfTI files and the problems (warnings not
    /// allowed, errors).
    static func convert(_ folder: URL, into output: URL) throws -> (volumes: [String], problems: [String], log: String)
    {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let outcome = try run("dcm2niix", ["-b", "n", "-z", "n", "-f", "%s_%p", "-o", output.path, folder.path])
        let problems = outcome.lines.filter { line in
            let lower = line.lowercased()
            guard lower.contains("warning") || lower.contains("error") else { return false }
            return !allowedConversionWarnings.contains { line.contains($0.pattern) }
        }
        let volumes = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".nii") }
        return (volumes, outcome.status == 0 ? problems : problems + ["exit status \(outcome.status)"], outcome.output)
    }
}
