import Digest
import Foundation

/// Writes msl's report as an Encapsulated PDF instance (1.2.840.10008.5.1.4.1.1.104.1;
/// `clinical-conventions.md` §11) in a new series (Modality DOC) of the source's patient and study.
///
/// Burned In Annotation is YES: the PDF may print patient identification, and the Encapsulated Document
/// module asks whether the document carries identifying text. Concept Name Code Sequence (Type 2,
/// baseline CID 7020) names the document type, by default msl's private (MSLREPORT, 99MSL, "MSL processing
/// report") because no standard document title fits a research processing report; Verification Flag is
/// UNVERIFIED (nobody signed it). Source Instance Sequence cites every CT and MR source, whose images the
/// report shows.
public struct EncapsulatedPDFWriter: Sendable {
    /// The PDF file's bytes (must start with "%PDF-" and end with "%%EOF").
    public var pdf: [UInt8]
    /// Document Title (0042,0010), e.g. "MSL processing report".
    public var documentTitle: String
    /// The instances whose patient and study the report belongs to (and which it shows).
    public var sources: SourceSeries
    /// Who made it.
    public var provenance: Provenance
    /// The document type's code (Concept Name Code Sequence).
    public var conceptName: CodedConcept
    /// The file is "<fileName>.dcm".
    public var fileName: String

    /// SOP Class UID of Encapsulated PDF Storage.
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.104.1"

    /// A writer; nothing is checked until `write(to:)`.
    public init(
        pdf: [UInt8], documentTitle: String = "MSL processing report", sources: SourceSeries, provenance: Provenance,
        conceptName: CodedConcept = .processingReport, fileName: String = "msl-report"
    ) {
        self.pdf = pdf
        self.documentTitle = documentTitle
        self.sources = sources
        self.provenance = provenance
        self.conceptName = conceptName
        self.fileName = fileName
    }

    static let label = "MSL-REPORT"

    /// Validates everything, builds the instance, then writes "<directory>/<fileName>.dcm" atomically.
    ///
    /// - Throws: `DICOMError.writeFailed` listing every problem before writing (not a PDF, too large, a
    ///   title the copied character set cannot hold); `.io` from the file system.
    public func write(to directory: String) throws(DICOMError) -> WrittenSeries {
        var problems: [String] = []
        if !pdf.starts(with: Array("%PDF-".utf8)) { problems.append("the document does not start with %PDF-") }
        let tail = pdf.suffix(1024)
        if tail.count < 5 || !String(decoding: tail, as: UTF8.self).contains("%%EOF") {
            problems.append("the document has no %%EOF marker in its last 1024 bytes (truncated PDF?)")
        }
        if pdf.count > 0xFFFF_FFF0 { problems.append("the document of \(pdf.count) bytes exceeds a 32-bit length") }
        if documentTitle.isEmpty { problems.append("Document Title is empty") }
        if let p = DICOMValueCheck.textProblem(documentTitle, maxLength: 1024) {
            problems.append("Document Title \(p)")
        }
        if let p = conceptName.problem { problems.append("concept name: \(p)") }
        problems += WriterFiles.problems(prefix: fileName, directory: directory)
        let description = provenance.seriesDescription(label: Self.label, detail: "")
        if let p = DICOMValueCheck.textProblem(description, maxLength: 64) {
            problems.append("Series Description '\(description)' \(p); shorten the banner")
        }
        let digest = SHA256Hex.of(pdf)
        let context = try WriterContext.make(
            object: "Encapsulated PDF",
            parameters: [
                "pdf-sha256": digest, "title": documentTitle,
                "concept": conceptName.description,
            ],
            problems: problems,
            texts: { _ in [("Series Description", description), ("Document Title", documentTitle)] },
            requiresContentDate: false, sources: sources, provenance: provenance, destination: directory)

        let path = WriterFiles.path(directory: directory, name: fileName)
        let d = try DICOMDataset(label: path, encoding: context.encoding)
        try build(d, context: context, description: description)
        try d.save(to: path)
        return WrittenSeries(
            sopClassUID: Self.sopClassUID, seriesInstanceUID: context.identity.seriesInstanceUID,
            seriesNumber: context.identity.seriesNumber,
            instances: [
                WrittenInstance(path: path, sopInstanceUID: context.identity.instanceUID(1), instanceNumber: 1)
            ],
            clippedVoxelCount: 0)
    }

    private typealias T = AttributeTag

    private func build(_ d: DICOMDataset, context: WriterContext, description: String) throws(DICOMError) {
        let p = context.provenance
        try d.addPatientAndStudy(context)
        try d.addSeries(context, modality: "DOC", description: description, anatomy: .none)
        try d.addEquipment(context)

        // SC Equipment: the report was made on a workstation.
        try d.set(T.conversionType, "WSD")
        try d.set(T.secondaryCaptureDeviceManufacturer, p.manufacturer)
        try d.set(T.secondaryCaptureDeviceManufacturerModelName, p.manufacturerModelName)
        try d.set(T.secondaryCaptureDeviceSoftwareVersions, p.softwareVersions)

        // Encapsulated Document
        try d.set(T.instanceNumber, "1")
        try d.addContentDateTime(context)
        try d.set(T.acquisitionDateTime, context.content.map { $0.date + $0.time } ?? "")
        try d.set(T.burnedInAnnotation, "YES")
        try d.set(T.documentTitle, documentTitle)
        try d.addCode(conceptName, to: T.conceptNameCodeSequence)
        try d.set(T.verificationFlag, "UNVERIFIED")
        try d.addReferences(context.sources.all, to: T.sourceInstanceSequence, purpose: .sourceImageForProcessing)
        try d.set(T.mimeTypeOfEncapsulatedDocument, "application/pdf")
        try d.set(T.encapsulatedDocument, values: pdf, vr: "OB")
        try d.set(T.encapsulatedDocumentLength, integers: [pdf.count])

        try d.addSOPCommon(context, sopClassUID: Self.sopClassUID, sopInstanceUID: context.identity.instanceUID(1))
    }
}

/// SHA-256 in lower-case hexadecimal.
enum SHA256Hex {
    static func of(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return SHA256.hex(hasher.finalize())
    }
}
