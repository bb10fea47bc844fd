/// A coded concept as DICOM code sequence items carry it: Code Value (0008,0100), Coding Scheme
/// Designator (0008,0102), Code Meaning (0008,0104).
public struct CodedConcept: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Code Value, e.g. "121322".
    public var value: String
    /// Coding Scheme Designator, e.g. "DCM", "SCT", "UCUM", or msl's private "99MSL".
    public var scheme: String
    /// Code Meaning, e.g. "Source image for image processing operation".
    public var meaning: String

    /// A concept from its three parts.
    public init(value: String, scheme: String, meaning: String) {
        self.value = value
        self.scheme = scheme
        self.meaning = meaning
    }

    /// "(121322, DCM, "Source image for image processing operation")", as PS3.16 prints codes.
    public var description: String { "(\(value), \(scheme), \"\(meaning)\")" }

    /// The problem with the concept, or nil: SH code value and designator (≤16), LO meaning (≤64).
    var problem: String? {
        if value.isEmpty || scheme.isEmpty || meaning.isEmpty { return "\(description) has an empty part" }
        if let p = DICOMValueCheck.textProblem(value, maxLength: 16) { return "code value of \(description) \(p)" }
        if let p = DICOMValueCheck.textProblem(scheme, maxLength: 16) { return "scheme of \(description) \(p)" }
        if let p = DICOMValueCheck.textProblem(meaning, maxLength: 64) { return "meaning of \(description) \(p)" }
        return nil
    }
}

extension CodedConcept {
    // MARK: - DICOM (PS3.16)

    /// CID 7202 / 7201: the purpose of every Source Image Sequence item.
    public static let sourceImageForProcessing = CodedConcept(
        value: "121322", scheme: "DCM", meaning: "Source image for image processing operation")
    /// CID 7203 Image Derivation: stated when the output grid was resampled from a source grid.
    public static let spatialResampling = CodedConcept(value: "113085", scheme: "DCM", meaning: "Spatial resampling")
    /// CID 7005 Contributing Equipment Purposes of Reference, for msl's Contributing Equipment item.
    /// PS3.16 defines 109102 as "equipment that has processed composite instances to create new composite
    /// instances", which is what msl does; 109103 "Modifying Equipment" is for equipment that changed
    /// existing instances without creating new ones.
    public static let processingEquipment = CodedConcept(
        value: "109102", scheme: "DCM", meaning: "Processing Equipment")
    /// UCUM "1": the unit of a dimensionless quantity (the λ-map's values).
    public static let noUnits = CodedConcept(value: "1", scheme: "UCUM", meaning: "no units")
    /// UCUM "[arb'U]": the unit of MR signal, which has no physical scale.
    public static let arbitraryUnit = CodedConcept(value: "[arb'U]", scheme: "UCUM", meaning: "arbitrary unit")
    /// SNOMED CT "Quantity", the concept name of a Quantity Definition item (CID 7180 context).
    public static let quantity = CodedConcept(value: "246205007", scheme: "SCT", meaning: "Quantity")
    /// SNOMED CT "Head": the default anatomy of the λ-map's Frame Anatomy (msl images heads).
    public static let head = CodedConcept(value: "69536005", scheme: "SCT", meaning: "Head")
    /// CID 7100 (RT Registration Method): how the MR→CT matrix was found (Mattes mutual information).
    public static let imageContentBasedAlignment = CodedConcept(
        value: "125024", scheme: "DCM", meaning: "Image Content-based Alignment")
    /// CID 7100: the identity matrix of the registration item for the registration's own frame.
    public static let frameOfReferenceIdentity = CodedConcept(
        value: "125021", scheme: "DCM", meaning: "Frame of Reference Identity")

    // MARK: - msl's private scheme

    /// msl's private coding scheme designator ("99" prefix as PS3.16 reserves for private schemes),
    /// described in every object's Coding Scheme Identification Sequence; no DCM code is invented.
    public static let privateScheme = "99MSL"
    /// The derivation every msl image states: reconstruction by multi-sensor learning.
    public static let mslReconstruction = CodedConcept(
        value: "MSLRECON", scheme: privateScheme, meaning: "Multi-sensor learning reconstruction")
    /// The quantity of the λ-map: the spatial mixing weight, 0 = CT, 1 = MR.
    public static let mixingWeight = CodedConcept(
        value: "LAMBDA", scheme: privateScheme, meaning: "MSL mixing weight (0 = CT, 1 = MR)")
    /// The derivation of the λ-map: optimised per slice from both reconstructions.
    public static let mixingMapOptimisation = CodedConcept(
        value: "LAMBDAOPT", scheme: privateScheme, meaning: "Spatial mixing map optimisation")
    /// The concept name (document title code) of msl's PDF report.
    public static let processingReport = CodedConcept(
        value: "MSLREPORT", scheme: privateScheme, meaning: "MSL processing report")
}
