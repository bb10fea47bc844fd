import Digest

/// What every writer resolves, and checks, before it builds a dataset: the validated sources and
/// provenance, the reference file opened for copying, the text encoding its character set allows, the
/// content date and time, and the output's UIDs.
struct WriterContext {
    let provenance: Provenance
    let sources: SourceSeries
    /// The instance the patient and study come from (`SourceSeries.reference`).
    let reference: InstanceMetadata
    /// The reference file, open for `DICOMDataset.copy`.
    let referenceFile: CopySource
    /// How generated text is encoded (from the reference's Specific Character Set).
    let encoding: DICOMTextEncoding
    /// Content Date/Time, or nil when neither the provenance nor the sources give one.
    let content: DICOMDateTime?
    /// Whether Patient Identity Removed and the De-identification Method (Code Sequence) are copied: when
    /// the source states them validly, "NO", or "YES" with a method (Type 1C). A derived object of
    /// de-identified data is de-identified too; but a "YES" without a method is invalid, and msl neither
    /// copies an invalid statement nor invents a method it did not apply, so it then asserts nothing
    /// (absent = not asserted).
    let copiesDeidentification: Bool
    let identity: OutputIdentity

    /// Resolves the context of one output object.
    ///
    /// - Parameters:
    ///   - object: the output's kind, hashed into its UIDs ("CT Image MSL-CT", "Parametric Map", …).
    ///   - parameters: writer parameters that change the output (label, geometry, …), hashed too.
    ///   - problems: the writer's own problems found so far; thrown together with every other one.
    ///   - texts: generated text values (name, value) that must fit the copied character set.
    ///   - requiresContentDate: whether Content Date/Time are Type 1 in the object's IOD.
    ///   - destination: the folder or file errors name.
    ///   - identity: the output's UIDs when the writer computes them itself (REG hashes less than
    ///     the whole provenance); nil derives them from `object`, `parameters` and the provenance.
    /// - Throws: `DICOMError.writeFailed` listing every problem, before anything is written.
    static func make(
        object: String, parameters: [String: String], problems writerProblems: [String],
        texts: (DICOMTextEncoding) -> [(name: String, value: String)], requiresContentDate: Bool,
        sources: SourceSeries, provenance: Provenance, destination: String, identity override: OutputIdentity? = nil
    ) throws(DICOMError) -> WriterContext {
        var problems = writerProblems + provenance.problems() + sources.problems()
        guard problems.isEmpty, let reference = sources.reference else {
            throw .writeFailed(path: destination, reason: problems.joined(separator: "; "))
        }
        let referenceFile: CopySource
        let content: DICOMDateTime?
        let copiesDeidentification: Bool
        do {
            referenceFile = try CopySource(path: reference.path)
            let file = try DICOMFile(path: reference.path)
            content = try provenance.contentDateTime ?? ContentDateTime.fromSource(file)
            copiesDeidentification = try Self.hasValidDeidentification(file)
        } catch {
            throw .writeFailed(path: destination, reason: "the reference source cannot be read: \(error)")
        }
        let encoding = DICOMTextEncoding(specificCharacterSet: reference.specificCharacterSet)
        for (name, value) in texts(encoding) where encoding.encode(value) == nil {
            problems.append(
                "\(name) '\(value)' cannot be written in the source's Specific Character Set "
                    + "'\(reference.specificCharacterSet ?? "")', which is copied with the patient's names: "
                    + "use text of \(encoding.description)")
        }
        if requiresContentDate, content == nil {
            problems.append(
                "no Content Date/Time: the reference source has no Content, Acquisition, Series or Study Date with "
                    + "a Time; set Provenance.contentDateTime (e.g. the time the inputs were complete)")
        }
        guard problems.isEmpty else { throw .writeFailed(path: destination, reason: problems.joined(separator: "; ")) }
        var hashed = provenance.uidParameters
        for (key, value) in parameters { hashed["writer." + key] = value }
        hashed["object"] = object
        let identity =
            override
            ?? OutputIdentity(
                inputs: sources.all.map(\.sopInstanceUID), parameters: hashed, version: provenance.algorithmVersion)
        return WriterContext(
            provenance: provenance, sources: sources, reference: reference, referenceFile: referenceFile,
            encoding: encoding, content: content, copiesDeidentification: copiesDeidentification, identity: identity)
    }

    /// Patient Identity Removed is "NO", or "YES" with a De-identification Method or Code Sequence.
    static func hasValidDeidentification(_ file: DICOMFile) throws(DICOMError) -> Bool {
        let removed = try file.string(AttributeTag.patientIdentityRemoved)
        let method = try file.string(AttributeTag.deidentificationMethod)
        let codes = try file.itemCount(AttributeTag.deidentificationMethodCodeSequence) ?? 0
        return removed == "NO" || (removed == "YES" && (method != nil || codes > 0))
    }
}

/// The UIDs and Series Number of one output series, all from `DeterministicUID` over the source SOP
/// Instance UIDs, the parameters and the pipeline version (`clinical-conventions.md` §12).
struct OutputIdentity {
    let inputs: [String]
    let parameters: [String: String]
    let version: String

    /// Series Instance UID: role "series".
    var seriesInstanceUID: String { uid(role: "series") }

    /// SOP Instance UID of instance `number` (from 1): role "instance <number>".
    func instanceUID(_ number: Int) -> String { uid(role: "instance \(number)") }

    /// Any other UID of the output, e.g. role "dimension organization".
    func uid(role: String) -> String {
        DeterministicUID.make(inputs: inputs, parameters: parameters, version: version, role: role)
    }

    /// Series Number: 9000 + (the first two bytes of SHA-256 of the Series Instance UID, big-endian) mod
    /// 1000, so 9000–9999: deterministic, stable across re-runs like the UID, and above the numbers
    /// scanners give their own series. Two msl series of one study share a number with probability
    /// about 1/1000; Series Number need not be unique (the UID is).
    var seriesNumber: Int {
        let digest = SHA256.hash(Array(seriesInstanceUID.utf8))
        return 9000 + (Int(digest[0]) << 8 | Int(digest[1])) % 1000
    }
}

/// Where Content Date and Time come from when `Provenance.contentDateTime` is nil.
enum ContentDateTime {
    /// The first pair, date with time, of the reference source's Content, Acquisition, Series, then
    /// Study Date/Time that is a valid DICOM date and "HHMMSS[.F…]" time; nil when none is. The source
    /// time, not the wall clock: the same inputs write the same bytes.
    static func fromSource(_ file: DICOMFile) throws(DICOMError) -> DICOMDateTime? {
        let pairs = [
            (AttributeTag.contentDate, AttributeTag.contentTime), (AttributeTag.acquisitionDate, AttributeTag.acquisitionTime),
            (AttributeTag.seriesDate, AttributeTag.seriesTime), (AttributeTag.studyDate, AttributeTag.studyTime),
        ]
        for (dateTag, timeTag) in pairs {
            guard let date = try file.string(dateTag), let time = try file.string(timeTag) else { continue }
            if let value = try? DICOMDateTime(date: date, time: time) { return value }
        }
        return nil
    }
}
