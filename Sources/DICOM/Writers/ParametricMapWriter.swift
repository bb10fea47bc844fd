import Foundation
import Imaging

/// Writes the spatial mixing map (λ-map) as one Parametric Map instance (1.2.840.10008.5.1.4.1.1.30;
/// `clinical-conventions.md` §8): Float Pixel Data (32-bit), one frame per slice of the map's grid, with
/// Shared and Per-frame Functional Groups:
///
/// - shared: Pixel Measures, Plane Orientation, Frame Anatomy, Real World Value Mapping (identity, unitless
///   UCUM "1", 0–1, quantity "MSL mixing weight"), Parametric Map Frame Type, Frame VOI LUT (0–1),
///   Identity Pixel Value Transformation, Derivation Image (every CT and MR source, purpose 121322);
/// - per frame: Frame Content (dimension index, stack position) and Plane Position;
/// - Multi-frame Dimension: one dimension, Image Position (Patient) in the Plane Position Sequence;
/// - Content Qualification RESEARCH; Image Type and Frame Type DERIVED\PRIMARY\VOLUME\NONE: the IOD
///   enumerates value 2 as PRIMARY (SECONDARY is an error), value 3 is the enhanced image flavour and
///   value 4 the derived pixel contrast (NONE: no arithmetic on source pixels);
/// - Common Instance Reference to every source series (OHIF #2361, #4030).
///
/// Content Date/Time are Type 1 here: the provenance or the sources must supply them.
public struct ParametricMapWriter: Sendable {
    /// The λ values in [0, 1] (0 = CT, 1 = MR) on the output grid; its Frame of Reference UID is required.
    public var map: Volume
    /// The CT and MR instances it was derived from.
    public var sources: SourceSeries
    /// How it was made; `mixing` is normally `.map(description:)`.
    public var provenance: Provenance
    /// Whether the grid was resampled from a source grid (also true with MR sources).
    public var isResampled: Bool
    /// Frame Anatomy's Anatomic Region; default SNOMED CT "Head".
    public var anatomicRegion: CodedConcept
    /// The file is "<fileName>.dcm".
    public var fileName: String

    /// SOP Class UID of the Parametric Map Storage.
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.30"

    /// A writer; nothing is checked until `write(to:)`.
    public init(
        map: Volume, sources: SourceSeries, provenance: Provenance, isResampled: Bool = false,
        anatomicRegion: CodedConcept = .head, fileName: String = "msl-lambda-map"
    ) {
        self.map = map
        self.sources = sources
        self.provenance = provenance
        self.isResampled = isResampled
        self.anatomicRegion = anatomicRegion
        self.fileName = fileName
    }

    /// The label in Series Description and the UIDs.
    static let label = "MSL-LAMBDA"

    /// Validates everything, builds the instance, then writes "<directory>/<fileName>.dcm" atomically.
    ///
    /// - Throws: `DICOMError.writeFailed` listing every problem before writing; `.io` from the file system.
    public func write(to directory: String) throws(DICOMError) -> WrittenSeries {
        let geometry = map.geometry
        var problems: [String] = []
        let frame = geometry.frameOfReferenceUID ?? ""
        if !DICOMValueCheck.isUID(frame) {
            problems.append("the map's geometry has no valid Frame of Reference UID ('\(frame)'); it is required")
        }
        if geometry.size.x > 65535 || geometry.size.y > 65535 {
            problems.append("frames of \(geometry.size.x) × \(geometry.size.y) exceed Rows/Columns 65535")
        }
        let outside = map.voxels.reduce(0) { $0 + (($1.isFinite && $1 >= 0 && $1 <= 1) ? 0 : 1) }
        if outside > 0 { problems.append("\(outside) λ values are not finite numbers in [0, 1]") }
        if let p = anatomicRegion.problem { problems.append("anatomic region: \(p)") }
        problems += WriterFiles.problems(prefix: fileName, directory: directory)
        let resampled = isResampled || !sources.mr.isEmpty
        let description = provenance.seriesDescription(label: Self.label)
        let derivation = provenance.derivationDescription(output: "spatial mixing map", isResampled: resampled)
        if let p = DICOMValueCheck.textProblem(description, maxLength: 64) {
            problems.append("Series Description '\(description)' \(p); shorten the banner")
        }
        if let p = DICOMValueCheck.textProblem(derivation, maxLength: 1024) {
            problems.append("Derivation Description \(p)")
        }
        let context = try WriterContext.make(
            object: "Parametric Map",
            parameters: [
                "resampled": String(resampled),
                "geometry": DerivedImageSeriesWriter.describe(geometry),
                "anatomy": anatomicRegion.description,
            ],
            problems: problems,
            texts: { _ in [("Series Description", description), ("Derivation Description", derivation)] },
            requiresContentDate: true, sources: sources, provenance: provenance, destination: directory)

        let path = WriterFiles.path(directory: directory, name: fileName)
        let dataset = try DICOMDataset(label: path, encoding: context.encoding)
        try build(
            dataset, context: context, frame: frame, description: description, derivation: derivation,
            resampled: resampled)
        try dataset.save(to: path)
        let uid = context.identity.instanceUID(1)
        return WrittenSeries(
            sopClassUID: Self.sopClassUID, seriesInstanceUID: context.identity.seriesInstanceUID,
            seriesNumber: context.identity.seriesNumber,
            instances: [WrittenInstance(path: path, sopInstanceUID: uid, instanceNumber: 1)], clippedVoxelCount: 0)
    }

    private typealias T = AttributeTag

    /// The Image Type and Frame Type values.
    static let imageType = ["DERIVED", "PRIMARY", "VOLUME", "NONE"]

    private func build(
        _ d: DICOMDataset, context: WriterContext, frame: String, description: String, derivation: String,
        resampled: Bool
    ) throws(DICOMError) {
        let geometry = map.geometry
        try d.addPatientAndStudy(context)
        try d.addSeries(context, modality: "OT", description: description, anatomy: .bodyPartOnly)
        try d.addFrameOfReference(context, uid: frame)
        try d.addEquipment(context)

        // Parametric Map Image and Floating Point Image Pixel
        try d.set(T.imageType, Self.imageType)
        try d.set(T.contentQualification, "RESEARCH")
        try d.set(T.samplesPerPixel, integers: [1])
        try d.set(T.photometricInterpretation, "MONOCHROME2")
        try d.set(T.bitsAllocated, integers: [32])
        try d.set(T.rows, integers: [geometry.size.y])
        try d.set(T.columns, integers: [geometry.size.x])
        try d.set(T.presentationLUTShape, "IDENTITY")
        try d.set(T.lossyImageCompression, "00")
        try d.set(T.burnedInAnnotation, "NO")
        try d.set(T.recognizableVisualFeatures, "NO")
        try d.set(T.contentLabel, "LAMBDA_MAP")
        try d.set(T.contentDescription, "MSL spatial mixing weight, 0 = CT, 1 = MR")
        try d.set(T.contentCreatorName, "")
        try d.set(T.floatPixelData, values: map.voxels, vr: "OF")

        // Multi-frame Functional Groups
        try d.set(T.instanceNumber, "1")
        try d.addContentDateTime(context)
        try d.set(T.numberOfFrames, String(geometry.size.z))
        let shared = try d.addItem(T.sharedFunctionalGroupsSequence)
        try addSharedGroups(d, shared: shared, context: context, derivation: derivation, resampled: resampled)
        for k in 0..<geometry.size.z {
            let perFrame = try d.addItem(T.perFrameFunctionalGroupsSequence)
            let content = try d.addItem(T.frameContentSequence, in: perFrame)
            try d.set(T.dimensionIndexValues, integers: [k + 1], in: content)
            try d.set(T.stackID, "1", in: content)
            try d.set(T.inStackPositionNumber, integers: [k + 1], in: content)
            let position = try d.addItem(T.planePositionSequence, in: perFrame)
            let p = geometry.physicalPoint(ofIndex: SIMD3(0, 0, k))
            try d.set(T.imagePositionPatient, decimals: [p.x, p.y, p.z], in: position)
        }

        // Multi-frame Dimension: frames ordered by position along the slice direction.
        let organization = context.identity.uid(role: "dimension organization")
        try d.set(T.dimensionOrganizationUID, organization, in: try d.addItem(T.dimensionOrganizationSequence))
        try d.set(T.dimensionOrganizationType, "3D")
        let index = try d.addItem(T.dimensionIndexSequence)
        try d.set(T.dimensionOrganizationUID, organization, in: index)
        try d.set(T.dimensionIndexPointer, tags: [T.imagePositionPatient], in: index)
        try d.set(T.functionalGroupPointer, tags: [T.planePositionSequence], in: index)
        try d.set(T.dimensionDescriptionLabel, "Image Position (Patient)", in: index)

        try d.addEmptySequence(T.acquisitionContextSequence)
        try d.addCommonInstanceReference(context)
        try d.addSOPCommon(context, sopClassUID: Self.sopClassUID, sopInstanceUID: context.identity.instanceUID(1))
    }

    private func addSharedGroups(
        _ d: DICOMDataset, shared: DICOMDataset.ItemPath, context: WriterContext, derivation: String, resampled: Bool
    ) throws(DICOMError) {
        let geometry = map.geometry
        let measures = try d.addItem(T.pixelMeasuresSequence, in: shared)
        try d.set(T.pixelSpacing, decimals: [geometry.spacingMM.y, geometry.spacingMM.x], in: measures)
        try d.set(T.sliceThickness, decimals: [geometry.spacingMM.z], in: measures)
        try d.set(T.spacingBetweenSlices, decimals: [geometry.spacingMM.z], in: measures)

        let orientation = try d.addItem(T.planeOrientationSequence, in: shared)
        let r = geometry.direction.column0
        let c = geometry.direction.column1
        try d.set(T.imageOrientationPatient, decimals: [r.x, r.y, r.z, c.x, c.y, c.z], in: orientation)

        let anatomy = try d.addItem(T.frameAnatomySequence, in: shared)
        try d.addCode(anatomicRegion, to: T.anatomicRegionSequence, in: anatomy)
        try d.set(T.frameLaterality, "U", in: anatomy)

        let mapping = try d.addItem(T.realWorldValueMappingSequence, in: shared)
        try d.set(T.doubleFloatRealWorldValueFirstValueMapped, floats: [0], in: mapping)
        try d.set(T.doubleFloatRealWorldValueLastValueMapped, floats: [1], in: mapping)
        try d.set(T.realWorldValueIntercept, floats: [0], in: mapping)
        try d.set(T.realWorldValueSlope, floats: [1], in: mapping)
        try d.set(T.lutExplanation, "MSL mixing weight lambda (0 = CT, 1 = MR)", in: mapping)
        try d.set(T.lutLabel, "LAMBDA", in: mapping)
        try d.addCode(.noUnits, to: T.measurementUnitsCodeSequence, in: mapping)
        let quantity = try d.addItem(T.quantityDefinitionSequence, in: mapping)
        try d.set(T.valueType, "CODE", in: quantity)
        try d.addCode(.quantity, to: T.conceptNameCodeSequence, in: quantity)
        try d.addCode(.mixingWeight, to: T.conceptCodeSequence, in: quantity)

        try d.set(T.frameType, Self.imageType, in: try d.addItem(T.parametricMapFrameTypeSequence, in: shared))

        let voi = try d.addItem(T.frameVOILUTSequence, in: shared)
        try d.set(T.windowCenter, "0.5", in: voi)
        try d.set(T.windowWidth, "1", in: voi)
        try d.set(T.voiLUTFunction, "LINEAR", in: voi)

        let transformation = try d.addItem(T.pixelValueTransformationSequence, in: shared)
        try d.set(T.rescaleIntercept, "0", in: transformation)
        try d.set(T.rescaleSlope, "1", in: transformation)
        try d.set(T.rescaleType, "US", in: transformation)

        let derived = try d.addItem(T.derivationImageSequence, in: shared)
        try d.set(T.derivationDescription, derivation, in: derived)
        if resampled { try d.addCode(.spatialResampling, to: T.derivationCodeSequence, in: derived) }
        try d.addCode(.mixingMapOptimisation, to: T.derivationCodeSequence, in: derived)
        try d.addReferences(
            context.sources.all, to: T.sourceImageSequence, purpose: .sourceImageForProcessing, in: derived)
    }
}
