import Imaging

/// Building one slice's dataset.
extension DerivedImageSeriesWriter {
    typealias T = AttributeTag

    /// MR Image module attributes copied from the MR source when there is one (an MR-derived output keeps
    /// the contrast parameters of its MR input); the Type 1 ones fall back to "RM" (research mode) and
    /// "NONE", the Type 2 ones to empty.
    static let copiedMRAcquisition: [AttributeTag] = [
        T.scanningSequence, T.sequenceVariant, T.scanOptions, T.mrAcquisitionType, T.repetitionTime, T.echoTime,
        T.echoTrainLength, T.inversionTime, T.magneticFieldStrength,
    ]

    /// The dataset of slice `k` (instance k + 1) and the number of its clipped voxels.
    func makeSlice(_ k: Int, plan: Plan, directory: String) throws(DICOMError) -> (DICOMDataset, Int) {
        let context = plan.context
        let dataset = try DICOMDataset(label: plan.paths[k], encoding: context.encoding)
        let number = k + 1

        try dataset.addPatientAndStudy(context)
        try dataset.addSeries(
            context, modality: kind.rawValue, description: plan.seriesDescription, anatomy: .bodyPartOrUnknownLaterality
        )
        try dataset.copy([T.patientPosition], from: context.referenceFile)
        try dataset.addFrameOfReference(context, uid: plan.frameOfReferenceUID)
        try dataset.addEquipment(context)

        // General Image
        try dataset.set(T.instanceNumber, String(number))
        try dataset.addContentDateTime(context)
        try dataset.set(T.imageType, ["DERIVED", "SECONDARY", "AXIAL"])
        try dataset.set(T.derivationDescription, plan.derivationDescription)
        if plan.isResampled { try dataset.addCode(.spatialResampling, to: T.derivationCodeSequence) }
        try dataset.addCode(.mslReconstruction, to: T.derivationCodeSequence)
        try dataset.addReferences(
            context.sources.all, to: T.sourceImageSequence, purpose: .sourceImageForProcessing)
        if let match = plan.matchingCT[k] {
            try dataset.addReferences([match], to: T.referencedImageSequence, purpose: nil)
        }
        try dataset.set(T.burnedInAnnotation, "NO")
        try dataset.set(T.lossyImageCompression, "00")

        // Image Plane
        try dataset.addImagePlane(of: volume.geometry, slice: k)

        // Image Pixel, and the modality's image module
        let clipped = try dataset.addMonochrome16Pixels(slice: k, of: volume, map: plan.map)
        switch kind {
        case .ct: try addCTImage(dataset, context: context, map: plan.map)
        case .mr: try addMRImage(dataset, map: plan.map, mrReference: plan.mrReference)
        }

        try dataset.addSOPCommon(
            context, sopClassUID: kind.sopClassUID, sopInstanceUID: context.identity.instanceUID(number))
        return (dataset, clipped)
    }

    /// CT Image module: Rescale (HU), the CT's own KVP when known, an empty Acquisition Number, and a
    /// soft-tissue window (40/400 HU).
    private func addCTImage(_ dataset: DICOMDataset, context: WriterContext, map: StoredValueMap) throws(DICOMError) {
        try dataset.set(T.rescaleIntercept, decimals: [map.intercept])
        try dataset.set(T.rescaleSlope, decimals: [map.slope])
        try dataset.set(T.rescaleType, "HU")
        let copied = context.reference.modality == "CT" ? try dataset.copy([T.kvp], from: context.referenceFile) : []
        if copied.isEmpty { try dataset.set(T.kvp, "") }
        try dataset.set(T.acquisitionNumber, "")
        try dataset.set(T.windowCenter, "40")
        try dataset.set(T.windowWidth, "400")
    }

    /// MR Image module (acquisition attributes copied from the MR source, see `copiedMRAcquisition`) and
    /// the Real World Value Mapping of the stored values: value = slope · stored + intercept, in
    /// arbitrary units.
    private func addMRImage(_ dataset: DICOMDataset, map: StoredValueMap, mrReference: CopySource?) throws(DICOMError) {
        var copied: Set<AttributeTag> = []
        if let mrReference { copied = try dataset.copy(Self.copiedMRAcquisition, from: mrReference) }
        if !copied.contains(T.scanningSequence) { try dataset.set(T.scanningSequence, "RM") }
        if !copied.contains(T.sequenceVariant) { try dataset.set(T.sequenceVariant, "NONE") }
        for tag in [T.scanOptions, T.mrAcquisitionType, T.echoTime, T.echoTrainLength, T.repetitionTime]
        where !copied.contains(tag) {
            try dataset.set(tag, "")
        }
        let mapping = try dataset.addItem(T.realWorldValueMappingSequence)
        try dataset.set(T.realWorldValueFirstValueMapped, integers: [0], vr: "US", in: mapping)
        try dataset.set(T.realWorldValueLastValueMapped, integers: [65535], vr: "US", in: mapping)
        try dataset.set(T.realWorldValueIntercept, floats: [map.intercept], in: mapping)
        try dataset.set(T.realWorldValueSlope, floats: [map.slope], in: mapping)
        try dataset.set(T.lutExplanation, "MR signal, arbitrary units", in: mapping)
        try dataset.set(T.lutLabel, "MR_AU", in: mapping)
        try dataset.addCode(.arbitraryUnit, to: T.measurementUnitsCodeSequence, in: mapping)
    }
}
