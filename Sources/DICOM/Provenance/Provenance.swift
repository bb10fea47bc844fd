/// Everything an msl output says about how it was made (`clinical-conventions.md` §9): the algorithm
/// and its version, the model's digest, how CT and MR were mixed, the registration object, and the
/// equipment identity that lets intake recognise (and skip) msl's own outputs.
///
/// Every field except `contentDateTime` enters the deterministic UIDs (`uidParameters`), so the same
/// inputs and provenance give the same UIDs and bytes, and any change gives new ones.
public struct Provenance: Sendable, Equatable, Codable {
    /// The algorithm's name: Derivation Description, Contributing Equipment. Default "MSL".
    public var algorithmName: String
    /// The pipeline version, e.g. "1.4.0": in every UID, Software Versions and Derivation Description.
    public var algorithmVersion: String
    /// SHA-256 of the model file, 64 lower-case hexadecimal digits.
    public var modelSHA256: String
    /// How the CT and MR reconstructions were mixed.
    public var mixing: Mixing
    /// SOP Instance UID of the Spatial Registration object (REG) the MR was resampled with, if any.
    public var registrationInstanceUID: String?
    /// Device UID (0018,1002) in Contributing Equipment: the mark by which intake skips msl's outputs.
    public var deviceUID: String
    /// Manufacturer (0008,0070) of the General and Contributing Equipment. Default "msl".
    public var manufacturer: String
    /// Manufacturer's Model Name (0008,1090). Default "msl".
    public var manufacturerModelName: String
    /// Device Serial Number (0018,1000), required by enhanced objects; nil writes `deviceUID`.
    public var deviceSerialNumber: String?
    /// Software Versions (0018,1020), one value each; default ["msl <algorithmVersion>"].
    public var softwareVersions: [String]
    /// The banner leading every Series Description (LO, with the label at most 64 characters in all).
    public var banner: String
    /// Content Date/Time of the outputs when given; nil takes them from the sources (see
    /// `ContentDateTime`). Never the wall clock, so that a re-run writes the same bytes; not part of the
    /// UIDs, so that a re-run with another job time still replaces the same instances.
    public var contentDateTime: DICOMDateTime?
    /// Further parameters that change the outputs (view count, acceleration, seed, …), only hashed into
    /// the UIDs.
    public var parameters: [String: String]

    /// The default banner.
    public static let defaultBanner = "NOT FOR DIAGNOSTIC USE"

    /// A provenance with msl's defaults for the fields not given.
    public init(
        algorithmVersion: String, modelSHA256: String, mixing: Mixing, deviceUID: String = MSLIdentity.deviceUID,
        registrationInstanceUID: String? = nil, algorithmName: String = "MSL", manufacturer: String = "msl",
        manufacturerModelName: String = "msl", deviceSerialNumber: String? = nil, softwareVersions: [String]? = nil,
        banner: String = Provenance.defaultBanner, contentDateTime: DICOMDateTime? = nil,
        parameters: [String: String] = [:]
    ) {
        self.algorithmName = algorithmName
        self.algorithmVersion = algorithmVersion
        self.modelSHA256 = modelSHA256
        self.mixing = mixing
        self.registrationInstanceUID = registrationInstanceUID
        self.deviceUID = deviceUID
        self.manufacturer = manufacturer
        self.manufacturerModelName = manufacturerModelName
        self.deviceSerialNumber = deviceSerialNumber
        self.softwareVersions = softwareVersions ?? ["msl \(algorithmVersion)"]
        self.banner = banner
        self.contentDateTime = contentDateTime
        self.parameters = parameters
    }

    /// The Device Serial Number written: `deviceSerialNumber`, else `deviceUID`.
    public var serialNumber: String { deviceSerialNumber ?? deviceUID }

    /// Every problem at once, each a sentence naming the field; empty when the provenance is usable.
    public func problems() -> [String] {
        var found: [String] = []
        func text(_ name: String, _ value: String, max: Int, required: Bool = true) {
            if required, value.isEmpty { found.append("\(name) is empty") }
            if let p = DICOMValueCheck.textProblem(value, maxLength: max) { found.append("\(name) \(p)") }
        }
        text("algorithmName", algorithmName, max: 64)
        text("algorithmVersion", algorithmVersion, max: 64)
        let hex = modelSHA256.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
        if modelSHA256.count != 64 || !hex {
            found.append("modelSHA256 '\(modelSHA256)' is not 64 lower-case hexadecimal digits")
        }
        if let p = mixing.problem { found.append("mixing: \(p)") }
        if let uid = registrationInstanceUID, !DICOMValueCheck.isUID(uid) {
            found.append("registrationInstanceUID '\(uid)' is not a UID (digits and dots, at most 64 characters)")
        }
        if !DICOMValueCheck.isUID(deviceUID) {
            found.append("deviceUID '\(deviceUID)' is not a UID (digits and dots, at most 64 characters)")
        }
        text("manufacturer", manufacturer, max: 64)
        text("manufacturerModelName", manufacturerModelName, max: 64)
        text("device serial number", serialNumber, max: 64)
        if softwareVersions.isEmpty { found.append("softwareVersions is empty") }
        for (i, version) in softwareVersions.enumerated() { text("softwareVersions[\(i)]", version, max: 64) }
        text("banner", banner, max: 64, required: false)
        return found
    }

    /// The parameters hashed into every output UID (`DeterministicUID.make`), besides the version.
    public var uidParameters: [String: String] {
        var values: [String: String] = [
            "algorithm": algorithmName, "model-sha256": modelSHA256, "mixing": mixing.canonicalText,
            "registration": registrationInstanceUID ?? "", "device-uid": deviceUID, "manufacturer": manufacturer,
            "model-name": manufacturerModelName, "serial-number": serialNumber,
            "software-versions": softwareVersions.joined(separator: "\\"), "banner": banner,
        ]
        for (key, value) in parameters { values["parameter." + key] = value }
        return values
    }
}
