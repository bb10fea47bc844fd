/// What msl reads from one DICOM instance without decoding its pixels: identity, series
/// grouping keys, geometry and pixel description. Filled by `DICOMFile`, consumed by the
/// series index and the geometry gate. Values are as stored (strings trimmed of padding);
/// absent optional attributes are nil.
public struct InstanceMetadata: Sendable, Equatable {
    /// The file it came from.
    public var path: String
    public var transferSyntaxUID: String

    // MARK: Identity
    public var sopClassUID: String
    public var sopInstanceUID: String
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var frameOfReferenceUID: String?
    public var modality: String
    public var patientID: String?
    public var issuerOfPatientID: String?
    /// Specific Character Set (0008,0005), all values joined by "\\" as stored.
    public var specificCharacterSet: String?
    /// Image Type (0008,0008) values, e.g. ["ORIGINAL", "PRIMARY", "AXIAL"].
    public var imageType: [String]
    public var seriesDescription: String?
    public var seriesNumber: Int?
    public var instanceNumber: Int?
    public var acquisitionNumber: Int?
    public var echoNumbers: String?
    public var temporalPositionIdentifier: Int?
    /// Device UIDs of Contributing Equipment Sequence (0018,A001) items: ours marks our outputs.
    public var contributingDeviceUIDs: [String]

    // MARK: Geometry (patient coordinates, LPS, mm)
    public var imagePositionPatient: SIMD3<Double>?
    /// Image Orientation (Patient): row direction cosines, then column direction cosines.
    public var imageOrientationRow: SIMD3<Double>?
    public var imageOrientationColumn: SIMD3<Double>?
    /// Pixel Spacing (0028,0030): (row spacing = between rows, column spacing = between columns).
    public var pixelSpacing: SIMD2<Double>?
    public var sliceThickness: Double?
    public var gantryDetectorTilt: Double?

    // MARK: Pixels
    public var rows: Int
    public var columns: Int
    public var numberOfFrames: Int
    public var samplesPerPixel: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var pixelRepresentation: Int
    public var photometricInterpretation: String
    public var rescaleSlope: Double
    public var rescaleIntercept: Double
    public var rescaleType: String?
    /// Pixel Padding Value (0028,0120) as a stored value (signed when Pixel Representation is 1): pixels
    /// outside the scanned region (e.g. -1500 or -2000 on GE CT), not tissue.
    public var pixelPaddingValue: Int?

    public init(
        path: String, transferSyntaxUID: String, sopClassUID: String, sopInstanceUID: String,
        studyInstanceUID: String, seriesInstanceUID: String, frameOfReferenceUID: String? = nil, modality: String,
        patientID: String? = nil, issuerOfPatientID: String? = nil, specificCharacterSet: String? = nil,
        imageType: [String] = [], seriesDescription: String? = nil, seriesNumber: Int? = nil,
        instanceNumber: Int? = nil, acquisitionNumber: Int? = nil, echoNumbers: String? = nil,
        temporalPositionIdentifier: Int? = nil, contributingDeviceUIDs: [String] = [],
        imagePositionPatient: SIMD3<Double>? = nil, imageOrientationRow: SIMD3<Double>? = nil,
        imageOrientationColumn: SIMD3<Double>? = nil, pixelSpacing: SIMD2<Double>? = nil,
        sliceThickness: Double? = nil, gantryDetectorTilt: Double? = nil, rows: Int, columns: Int,
        numberOfFrames: Int = 1, samplesPerPixel: Int = 1, bitsAllocated: Int = 16, bitsStored: Int = 16,
        pixelRepresentation: Int = 0, photometricInterpretation: String = "MONOCHROME2", rescaleSlope: Double = 1,
        rescaleIntercept: Double = 0, rescaleType: String? = nil, pixelPaddingValue: Int? = nil
    ) {
        self.path = path
        self.transferSyntaxUID = transferSyntaxUID
        self.sopClassUID = sopClassUID
        self.sopInstanceUID = sopInstanceUID
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.frameOfReferenceUID = frameOfReferenceUID
        self.modality = modality
        self.patientID = patientID
        self.issuerOfPatientID = issuerOfPatientID
        self.specificCharacterSet = specificCharacterSet
        self.imageType = imageType
        self.seriesDescription = seriesDescription
        self.seriesNumber = seriesNumber
        self.instanceNumber = instanceNumber
        self.acquisitionNumber = acquisitionNumber
        self.echoNumbers = echoNumbers
        self.temporalPositionIdentifier = temporalPositionIdentifier
        self.contributingDeviceUIDs = contributingDeviceUIDs
        self.imagePositionPatient = imagePositionPatient
        self.imageOrientationRow = imageOrientationRow
        self.imageOrientationColumn = imageOrientationColumn
        self.pixelSpacing = pixelSpacing
        self.sliceThickness = sliceThickness
        self.gantryDetectorTilt = gantryDetectorTilt
        self.rows = rows
        self.columns = columns
        self.numberOfFrames = numberOfFrames
        self.samplesPerPixel = samplesPerPixel
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.pixelRepresentation = pixelRepresentation
        self.photometricInterpretation = photometricInterpretation
        self.rescaleSlope = rescaleSlope
        self.rescaleIntercept = rescaleIntercept
        self.rescaleType = rescaleType
        self.pixelPaddingValue = pixelPaddingValue
    }
}
