/// The attributes `DICOMFile.metadata()` reads, as `AttributeTag`s so that errors print
/// "(gggg,eeee) Keyword". Kept apart from the index's own `AttributeTag` constants so that
/// the two lists can grow independently.
enum ReaderTag {
    static let specificCharacterSet = AttributeTag(group: 0x0008, element: 0x0005, keyword: "SpecificCharacterSet")
    static let imageType = AttributeTag(group: 0x0008, element: 0x0008, keyword: "ImageType")
    static let sopClassUID = AttributeTag(group: 0x0008, element: 0x0016, keyword: "SOPClassUID")
    static let sopInstanceUID = AttributeTag(group: 0x0008, element: 0x0018, keyword: "SOPInstanceUID")
    static let modality = AttributeTag(group: 0x0008, element: 0x0060, keyword: "Modality")
    static let seriesDescription = AttributeTag(group: 0x0008, element: 0x103E, keyword: "SeriesDescription")
    static let patientID = AttributeTag(group: 0x0010, element: 0x0020, keyword: "PatientID")
    static let issuerOfPatientID = AttributeTag(group: 0x0010, element: 0x0021, keyword: "IssuerOfPatientID")
    static let sliceThickness = AttributeTag(group: 0x0018, element: 0x0050, keyword: "SliceThickness")
    static let echoNumbers = AttributeTag(group: 0x0018, element: 0x0086, keyword: "EchoNumbers")
    static let deviceUID = AttributeTag(group: 0x0018, element: 0x1002, keyword: "DeviceUID")
    static let gantryDetectorTilt = AttributeTag(group: 0x0018, element: 0x1120, keyword: "GantryDetectorTilt")
    static let contributingEquipmentSequence = AttributeTag(
        group: 0x0018, element: 0xA001, keyword: "ContributingEquipmentSequence")
    static let studyInstanceUID = AttributeTag(group: 0x0020, element: 0x000D, keyword: "StudyInstanceUID")
    static let seriesInstanceUID = AttributeTag(group: 0x0020, element: 0x000E, keyword: "SeriesInstanceUID")
    static let seriesNumber = AttributeTag(group: 0x0020, element: 0x0011, keyword: "SeriesNumber")
    static let acquisitionNumber = AttributeTag(group: 0x0020, element: 0x0012, keyword: "AcquisitionNumber")
    static let instanceNumber = AttributeTag(group: 0x0020, element: 0x0013, keyword: "InstanceNumber")
    static let imagePositionPatient = AttributeTag(group: 0x0020, element: 0x0032, keyword: "ImagePositionPatient")
    static let imageOrientationPatient = AttributeTag(
        group: 0x0020, element: 0x0037, keyword: "ImageOrientationPatient")
    static let frameOfReferenceUID = AttributeTag(group: 0x0020, element: 0x0052, keyword: "FrameOfReferenceUID")
    static let temporalPositionIdentifier = AttributeTag(
        group: 0x0020, element: 0x0100, keyword: "TemporalPositionIdentifier")
    static let samplesPerPixel = AttributeTag(group: 0x0028, element: 0x0002, keyword: "SamplesPerPixel")
    static let photometricInterpretation = AttributeTag(
        group: 0x0028, element: 0x0004, keyword: "PhotometricInterpretation")
    static let numberOfFrames = AttributeTag(group: 0x0028, element: 0x0008, keyword: "NumberOfFrames")
    static let rows = AttributeTag(group: 0x0028, element: 0x0010, keyword: "Rows")
    static let columns = AttributeTag(group: 0x0028, element: 0x0011, keyword: "Columns")
    static let pixelSpacing = AttributeTag(group: 0x0028, element: 0x0030, keyword: "PixelSpacing")
    static let bitsAllocated = AttributeTag(group: 0x0028, element: 0x0100, keyword: "BitsAllocated")
    static let bitsStored = AttributeTag(group: 0x0028, element: 0x0101, keyword: "BitsStored")
    static let highBit = AttributeTag(group: 0x0028, element: 0x0102, keyword: "HighBit")
    static let pixelRepresentation = AttributeTag(group: 0x0028, element: 0x0103, keyword: "PixelRepresentation")
    static let pixelPaddingValue = AttributeTag(group: 0x0028, element: 0x0120, keyword: "PixelPaddingValue")
    static let rescaleIntercept = AttributeTag(group: 0x0028, element: 0x1052, keyword: "RescaleIntercept")
    static let rescaleSlope = AttributeTag(group: 0x0028, element: 0x1053, keyword: "RescaleSlope")
    static let rescaleType = AttributeTag(group: 0x0028, element: 0x1054, keyword: "RescaleType")
    static let pixelData = AttributeTag(group: 0x7FE0, element: 0x0010, keyword: "PixelData")
}
