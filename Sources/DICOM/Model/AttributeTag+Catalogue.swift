/// The attributes the reader and the writers name, one catalogue for the whole target, so that every
/// error prints a tag the same way: "(gggg,eeee) Keyword". The index's and gate's own tags, with their
/// documentation, are in `AttributeTag.swift`.
extension AttributeTag {
    static let specificCharacterSet = AttributeTag(group: 0x0008, element: 0x0005, keyword: "SpecificCharacterSet")
    static let sopClassUID = AttributeTag(group: 0x0008, element: 0x0016, keyword: "SOPClassUID")
    static let sopInstanceUID = AttributeTag(group: 0x0008, element: 0x0018, keyword: "SOPInstanceUID")
    static let studyDate = AttributeTag(group: 0x0008, element: 0x0020, keyword: "StudyDate")
    static let seriesDate = AttributeTag(group: 0x0008, element: 0x0021, keyword: "SeriesDate")
    static let acquisitionDate = AttributeTag(group: 0x0008, element: 0x0022, keyword: "AcquisitionDate")
    static let contentDate = AttributeTag(group: 0x0008, element: 0x0023, keyword: "ContentDate")
    static let acquisitionDateTime = AttributeTag(group: 0x0008, element: 0x002A, keyword: "AcquisitionDateTime")
    static let studyTime = AttributeTag(group: 0x0008, element: 0x0030, keyword: "StudyTime")
    static let seriesTime = AttributeTag(group: 0x0008, element: 0x0031, keyword: "SeriesTime")
    static let acquisitionTime = AttributeTag(group: 0x0008, element: 0x0032, keyword: "AcquisitionTime")
    static let contentTime = AttributeTag(group: 0x0008, element: 0x0033, keyword: "ContentTime")
    static let accessionNumber = AttributeTag(group: 0x0008, element: 0x0050, keyword: "AccessionNumber")
    static let modality = AttributeTag(group: 0x0008, element: 0x0060, keyword: "Modality")
    static let conversionType = AttributeTag(group: 0x0008, element: 0x0064, keyword: "ConversionType")
    static let manufacturer = AttributeTag(group: 0x0008, element: 0x0070, keyword: "Manufacturer")
    static let institutionName = AttributeTag(group: 0x0008, element: 0x0080, keyword: "InstitutionName")
    static let referringPhysicianName = AttributeTag(group: 0x0008, element: 0x0090, keyword: "ReferringPhysicianName")
    static let codeValue = AttributeTag(group: 0x0008, element: 0x0100, keyword: "CodeValue")
    static let codingSchemeDesignator = AttributeTag(group: 0x0008, element: 0x0102, keyword: "CodingSchemeDesignator")
    static let codeMeaning = AttributeTag(group: 0x0008, element: 0x0104, keyword: "CodeMeaning")
    static let codingSchemeIdentificationSequence = AttributeTag(
        group: 0x0008, element: 0x0110, keyword: "CodingSchemeIdentificationSequence")
    static let codingSchemeName = AttributeTag(group: 0x0008, element: 0x0115, keyword: "CodingSchemeName")
    static let codingSchemeResponsibleOrganization = AttributeTag(
        group: 0x0008, element: 0x0116, keyword: "CodingSchemeResponsibleOrganization")
    static let studyDescription = AttributeTag(group: 0x0008, element: 0x1030, keyword: "StudyDescription")
    static let seriesDescription = AttributeTag(group: 0x0008, element: 0x103E, keyword: "SeriesDescription")
    static let manufacturerModelName = AttributeTag(group: 0x0008, element: 0x1090, keyword: "ManufacturerModelName")
    static let referencedSeriesSequence = AttributeTag(
        group: 0x0008, element: 0x1115, keyword: "ReferencedSeriesSequence")
    static let referencedImageSequence = AttributeTag(
        group: 0x0008, element: 0x1140, keyword: "ReferencedImageSequence")
    static let referencedInstanceSequence = AttributeTag(
        group: 0x0008, element: 0x114A, keyword: "ReferencedInstanceSequence")
    static let referencedSOPClassUID = AttributeTag(group: 0x0008, element: 0x1150, keyword: "ReferencedSOPClassUID")
    static let referencedSOPInstanceUID = AttributeTag(
        group: 0x0008, element: 0x1155, keyword: "ReferencedSOPInstanceUID")
    static let studiesContainingOtherReferencedInstancesSequence = AttributeTag(
        group: 0x0008, element: 0x1200, keyword: "StudiesContainingOtherReferencedInstancesSequence")
    static let derivationDescription = AttributeTag(group: 0x0008, element: 0x2111, keyword: "DerivationDescription")
    static let sourceImageSequence = AttributeTag(group: 0x0008, element: 0x2112, keyword: "SourceImageSequence")
    static let anatomicRegionSequence = AttributeTag(group: 0x0008, element: 0x2218, keyword: "AnatomicRegionSequence")
    static let frameType = AttributeTag(group: 0x0008, element: 0x9007, keyword: "FrameType")
    static let derivationImageSequence = AttributeTag(
        group: 0x0008, element: 0x9124, keyword: "DerivationImageSequence")
    static let derivationCodeSequence = AttributeTag(group: 0x0008, element: 0x9215, keyword: "DerivationCodeSequence")
    static let patientName = AttributeTag(group: 0x0010, element: 0x0010, keyword: "PatientName")
    static let patientID = AttributeTag(group: 0x0010, element: 0x0020, keyword: "PatientID")
    static let issuerOfPatientID = AttributeTag(group: 0x0010, element: 0x0021, keyword: "IssuerOfPatientID")
    static let patientBirthDate = AttributeTag(group: 0x0010, element: 0x0030, keyword: "PatientBirthDate")
    static let patientSex = AttributeTag(group: 0x0010, element: 0x0040, keyword: "PatientSex")
    static let patientAge = AttributeTag(group: 0x0010, element: 0x1010, keyword: "PatientAge")
    static let patientSize = AttributeTag(group: 0x0010, element: 0x1020, keyword: "PatientSize")
    static let patientWeight = AttributeTag(group: 0x0010, element: 0x1030, keyword: "PatientWeight")
    static let patientIdentityRemoved = AttributeTag(group: 0x0012, element: 0x0062, keyword: "PatientIdentityRemoved")
    static let deidentificationMethod = AttributeTag(group: 0x0012, element: 0x0063, keyword: "DeidentificationMethod")
    static let deidentificationMethodCodeSequence = AttributeTag(
        group: 0x0012, element: 0x0064, keyword: "DeidentificationMethodCodeSequence")
    static let bodyPartExamined = AttributeTag(group: 0x0018, element: 0x0015, keyword: "BodyPartExamined")
    static let scanningSequence = AttributeTag(group: 0x0018, element: 0x0020, keyword: "ScanningSequence")
    static let sequenceVariant = AttributeTag(group: 0x0018, element: 0x0021, keyword: "SequenceVariant")
    static let scanOptions = AttributeTag(group: 0x0018, element: 0x0022, keyword: "ScanOptions")
    static let mrAcquisitionType = AttributeTag(group: 0x0018, element: 0x0023, keyword: "MRAcquisitionType")
    static let kvp = AttributeTag(group: 0x0018, element: 0x0060, keyword: "KVP")
    static let repetitionTime = AttributeTag(group: 0x0018, element: 0x0080, keyword: "RepetitionTime")
    static let echoTime = AttributeTag(group: 0x0018, element: 0x0081, keyword: "EchoTime")
    static let inversionTime = AttributeTag(group: 0x0018, element: 0x0082, keyword: "InversionTime")
    static let imagingFrequency = AttributeTag(group: 0x0018, element: 0x0084, keyword: "ImagingFrequency")
    static let imagedNucleus = AttributeTag(group: 0x0018, element: 0x0085, keyword: "ImagedNucleus")
    static let magneticFieldStrength = AttributeTag(group: 0x0018, element: 0x0087, keyword: "MagneticFieldStrength")
    static let spacingBetweenSlices = AttributeTag(group: 0x0018, element: 0x0088, keyword: "SpacingBetweenSlices")
    static let echoTrainLength = AttributeTag(group: 0x0018, element: 0x0091, keyword: "EchoTrainLength")
    static let deviceSerialNumber = AttributeTag(group: 0x0018, element: 0x1000, keyword: "DeviceSerialNumber")
    static let secondaryCaptureDeviceManufacturer = AttributeTag(
        group: 0x0018, element: 0x1016, keyword: "SecondaryCaptureDeviceManufacturer")
    static let secondaryCaptureDeviceManufacturerModelName = AttributeTag(
        group: 0x0018, element: 0x1018, keyword: "SecondaryCaptureDeviceManufacturerModelName")
    static let secondaryCaptureDeviceSoftwareVersions = AttributeTag(
        group: 0x0018, element: 0x1019, keyword: "SecondaryCaptureDeviceSoftwareVersions")
    static let softwareVersions = AttributeTag(group: 0x0018, element: 0x1020, keyword: "SoftwareVersions")
    static let exposure = AttributeTag(group: 0x0018, element: 0x1152, keyword: "Exposure")
    static let exposureInMicroAs = AttributeTag(group: 0x0018, element: 0x1153, keyword: "ExposureInuAs")
    static let convolutionKernel = AttributeTag(group: 0x0018, element: 0x1210, keyword: "ConvolutionKernel")
    static let patientPosition = AttributeTag(group: 0x0018, element: 0x5100, keyword: "PatientPosition")
    static let contentQualification = AttributeTag(group: 0x0018, element: 0x9004, keyword: "ContentQualification")
    static let contributingEquipmentSequence = AttributeTag(
        group: 0x0018, element: 0xA001, keyword: "ContributingEquipmentSequence")
    static let contributionDescription = AttributeTag(
        group: 0x0018, element: 0xA003, keyword: "ContributionDescription")
    static let studyInstanceUID = AttributeTag(group: 0x0020, element: 0x000D, keyword: "StudyInstanceUID")
    static let seriesInstanceUID = AttributeTag(group: 0x0020, element: 0x000E, keyword: "SeriesInstanceUID")
    static let studyID = AttributeTag(group: 0x0020, element: 0x0010, keyword: "StudyID")
    static let seriesNumber = AttributeTag(group: 0x0020, element: 0x0011, keyword: "SeriesNumber")
    static let laterality = AttributeTag(group: 0x0020, element: 0x0060, keyword: "Laterality")
    static let positionReferenceIndicator = AttributeTag(
        group: 0x0020, element: 0x1040, keyword: "PositionReferenceIndicator")
    static let sliceLocation = AttributeTag(group: 0x0020, element: 0x1041, keyword: "SliceLocation")
    static let imageComments = AttributeTag(group: 0x0020, element: 0x4000, keyword: "ImageComments")
    static let stackID = AttributeTag(group: 0x0020, element: 0x9056, keyword: "StackID")
    static let inStackPositionNumber = AttributeTag(group: 0x0020, element: 0x9057, keyword: "InStackPositionNumber")
    static let frameAnatomySequence = AttributeTag(group: 0x0020, element: 0x9071, keyword: "FrameAnatomySequence")
    static let frameLaterality = AttributeTag(group: 0x0020, element: 0x9072, keyword: "FrameLaterality")
    static let frameContentSequence = AttributeTag(group: 0x0020, element: 0x9111, keyword: "FrameContentSequence")
    static let planePositionSequence = AttributeTag(group: 0x0020, element: 0x9113, keyword: "PlanePositionSequence")
    static let planeOrientationSequence = AttributeTag(
        group: 0x0020, element: 0x9116, keyword: "PlaneOrientationSequence")
    static let dimensionIndexValues = AttributeTag(group: 0x0020, element: 0x9157, keyword: "DimensionIndexValues")
    static let dimensionOrganizationUID = AttributeTag(
        group: 0x0020, element: 0x9164, keyword: "DimensionOrganizationUID")
    static let dimensionIndexPointer = AttributeTag(group: 0x0020, element: 0x9165, keyword: "DimensionIndexPointer")
    static let functionalGroupPointer = AttributeTag(group: 0x0020, element: 0x9167, keyword: "FunctionalGroupPointer")
    static let dimensionOrganizationSequence = AttributeTag(
        group: 0x0020, element: 0x9221, keyword: "DimensionOrganizationSequence")
    static let dimensionIndexSequence = AttributeTag(group: 0x0020, element: 0x9222, keyword: "DimensionIndexSequence")
    static let dimensionOrganizationType = AttributeTag(
        group: 0x0020, element: 0x9311, keyword: "DimensionOrganizationType")
    static let dimensionDescriptionLabel = AttributeTag(
        group: 0x0020, element: 0x9421, keyword: "DimensionDescriptionLabel")
    static let samplesPerPixel = AttributeTag(group: 0x0028, element: 0x0002, keyword: "SamplesPerPixel")
    static let photometricInterpretation = AttributeTag(
        group: 0x0028, element: 0x0004, keyword: "PhotometricInterpretation")
    static let highBit = AttributeTag(group: 0x0028, element: 0x0102, keyword: "HighBit")
    static let pixelPaddingValue = AttributeTag(group: 0x0028, element: 0x0120, keyword: "PixelPaddingValue")
    static let burnedInAnnotation = AttributeTag(group: 0x0028, element: 0x0301, keyword: "BurnedInAnnotation")
    static let recognizableVisualFeatures = AttributeTag(
        group: 0x0028, element: 0x0302, keyword: "RecognizableVisualFeatures")
    static let windowCenter = AttributeTag(group: 0x0028, element: 0x1050, keyword: "WindowCenter")
    static let windowWidth = AttributeTag(group: 0x0028, element: 0x1051, keyword: "WindowWidth")
    static let windowCenterWidthExplanation = AttributeTag(
        group: 0x0028, element: 0x1055, keyword: "WindowCenterWidthExplanation")
    static let voiLUTFunction = AttributeTag(group: 0x0028, element: 0x1056, keyword: "VOILUTFunction")
    static let spatialLocationsPreserved = AttributeTag(
        group: 0x0028, element: 0x135A, keyword: "SpatialLocationsPreserved")
    static let lossyImageCompression = AttributeTag(group: 0x0028, element: 0x2110, keyword: "LossyImageCompression")
    static let lutExplanation = AttributeTag(group: 0x0028, element: 0x3003, keyword: "LUTExplanation")
    static let pixelMeasuresSequence = AttributeTag(group: 0x0028, element: 0x9110, keyword: "PixelMeasuresSequence")
    static let frameVOILUTSequence = AttributeTag(group: 0x0028, element: 0x9132, keyword: "FrameVOILUTSequence")
    static let pixelValueTransformationSequence = AttributeTag(
        group: 0x0028, element: 0x9145, keyword: "PixelValueTransformationSequence")
    static let acquisitionContextSequence = AttributeTag(
        group: 0x0040, element: 0x0555, keyword: "AcquisitionContextSequence")
    static let measurementUnitsCodeSequence = AttributeTag(
        group: 0x0040, element: 0x08EA, keyword: "MeasurementUnitsCodeSequence")
    static let parametricMapFrameTypeSequence = AttributeTag(
        group: 0x0040, element: 0x9092, keyword: "ParametricMapFrameTypeSequence")
    static let realWorldValueMappingSequence = AttributeTag(
        group: 0x0040, element: 0x9096, keyword: "RealWorldValueMappingSequence")
    static let lutLabel = AttributeTag(group: 0x0040, element: 0x9210, keyword: "LUTLabel")
    static let realWorldValueLastValueMapped = AttributeTag(
        group: 0x0040, element: 0x9211, keyword: "RealWorldValueLastValueMapped")
    static let doubleFloatRealWorldValueLastValueMapped = AttributeTag(
        group: 0x0040, element: 0x9213, keyword: "DoubleFloatRealWorldValueLastValueMapped")
    static let doubleFloatRealWorldValueFirstValueMapped = AttributeTag(
        group: 0x0040, element: 0x9214, keyword: "DoubleFloatRealWorldValueFirstValueMapped")
    static let realWorldValueFirstValueMapped = AttributeTag(
        group: 0x0040, element: 0x9216, keyword: "RealWorldValueFirstValueMapped")
    static let quantityDefinitionSequence = AttributeTag(
        group: 0x0040, element: 0x9220, keyword: "QuantityDefinitionSequence")
    static let realWorldValueIntercept = AttributeTag(
        group: 0x0040, element: 0x9224, keyword: "RealWorldValueIntercept")
    static let realWorldValueSlope = AttributeTag(group: 0x0040, element: 0x9225, keyword: "RealWorldValueSlope")
    static let valueType = AttributeTag(group: 0x0040, element: 0xA040, keyword: "ValueType")
    static let conceptNameCodeSequence = AttributeTag(
        group: 0x0040, element: 0xA043, keyword: "ConceptNameCodeSequence")
    static let conceptCodeSequence = AttributeTag(group: 0x0040, element: 0xA168, keyword: "ConceptCodeSequence")
    static let purposeOfReferenceCodeSequence = AttributeTag(
        group: 0x0040, element: 0xA170, keyword: "PurposeOfReferenceCodeSequence")
    static let verificationFlag = AttributeTag(group: 0x0040, element: 0xA493, keyword: "VerificationFlag")
    static let documentTitle = AttributeTag(group: 0x0042, element: 0x0010, keyword: "DocumentTitle")
    static let encapsulatedDocument = AttributeTag(group: 0x0042, element: 0x0011, keyword: "EncapsulatedDocument")
    static let mimeTypeOfEncapsulatedDocument = AttributeTag(
        group: 0x0042, element: 0x0012, keyword: "MIMETypeOfEncapsulatedDocument")
    static let sourceInstanceSequence = AttributeTag(group: 0x0042, element: 0x0013, keyword: "SourceInstanceSequence")
    static let encapsulatedDocumentLength = AttributeTag(
        group: 0x0042, element: 0x0015, keyword: "EncapsulatedDocumentLength")
    static let contentLabel = AttributeTag(group: 0x0070, element: 0x0080, keyword: "ContentLabel")
    static let contentDescription = AttributeTag(group: 0x0070, element: 0x0081, keyword: "ContentDescription")
    static let contentCreatorName = AttributeTag(group: 0x0070, element: 0x0084, keyword: "ContentCreatorName")
    static let registrationSequence = AttributeTag(group: 0x0070, element: 0x0308, keyword: "RegistrationSequence")
    static let matrixRegistrationSequence = AttributeTag(
        group: 0x0070, element: 0x0309, keyword: "MatrixRegistrationSequence")
    static let matrixSequence = AttributeTag(group: 0x0070, element: 0x030A, keyword: "MatrixSequence")
    static let frameOfReferenceTransformationMatrixType = AttributeTag(
        group: 0x0070, element: 0x030C, keyword: "FrameOfReferenceTransformationMatrixType")
    static let registrationTypeCodeSequence = AttributeTag(
        group: 0x0070, element: 0x030D, keyword: "RegistrationTypeCodeSequence")
    static let presentationLUTShape = AttributeTag(group: 0x2050, element: 0x0020, keyword: "PresentationLUTShape")
    static let frameOfReferenceTransformationMatrix = AttributeTag(
        group: 0x3006, element: 0x00C6, keyword: "FrameOfReferenceTransformationMatrix")
    static let frameOfReferenceTransformationComment = AttributeTag(
        group: 0x3006, element: 0x00C8, keyword: "FrameOfReferenceTransformationComment")
    static let sharedFunctionalGroupsSequence = AttributeTag(
        group: 0x5200, element: 0x9229, keyword: "SharedFunctionalGroupsSequence")
    static let perFrameFunctionalGroupsSequence = AttributeTag(
        group: 0x5200, element: 0x9230, keyword: "PerFrameFunctionalGroupsSequence")
    static let floatPixelData = AttributeTag(group: 0x7FE0, element: 0x0008, keyword: "FloatPixelData")
    static let pixelData = AttributeTag(group: 0x7FE0, element: 0x0010, keyword: "PixelData")
}
