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
        let geometry = volume.geometry
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
        let position = geometry.physicalPoint(ofIndex: SIMD3(0, 0, k))
        let row = geometry.direction.column0
        let column = geometry.direction.column1
        let normal = SIMD3(
            row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z,
            row.x * column.y - row.y * column.x)
        try dataset.set(T.imagePositionPatient, decimals: [position.x, position.y, position.z])
        try dataset.set(T.imageOrientationPatient, decimals: [row.x, row.y, row.z, column.x, column.y, column.z])
        try dataset.set(T.pixelSpacing, decimals: [geometry.spacingMM.y, geometry.spacingMM.x])
        try dataset.set(T.sliceThickness, decimals: [geometry.spacingMM.z])
        try dataset.set(T.spacingBetweenSlices, decimals: [geometry.spacingMM.z])
        try dataset.set(T.sliceLocation, decimals: [(position * normal).sum()])

        // Image Pixel, and the modality's image module
        let clipped = try addPixels(of: k, map: plan.map, to: dataset)
        switch kind {
        case .ct: try addCTImage(dataset, context: context, map: plan.map)
        case .mr: try addMRImage(dataset, map: plan.map, mrReference: plan.mrReference)
        }

        try dataset.addSOPCommon(
            context, sopClassUID: kind.sopClassUID, sopInstanceUID: context.identity.instanceUID(number))
        return (dataset, clipped)
    }

    /// Image Pixel module: 16-bit monochrome, slice k's values through `map`.
    private func addPixels(of k: Int, map: StoredValueMap, to dataset: DICOMDataset) throws(DICOMError) -> Int {
        let size = volume.size
        try dataset.set(T.samplesPerPixel, integers: [1])
        try dataset.set(T.photometricInterpretation, "MONOCHROME2")
        try dataset.set(T.rows, integers: [size.y])
        try dataset.set(T.columns, integers: [size.x])
        try dataset.set(T.bitsAllocated, integers: [16])
        try dataset.set(T.bitsStored, integers: [16])
        try dataset.set(T.highBit, integers: [15])
        try dataset.set(T.pixelRepresentation, integers: [map.isSigned ? 1 : 0])
        let count = size.x * size.y
        let start = k * count
        var clipped = 0
        var words = [UInt16](repeating: 0, count: count)
        for i in 0..<count {
            let (stored, wasClipped) = map.stored(volume.voxels[start + i])
            if wasClipped { clipped += 1 }
            words[i] = map.isSigned ? UInt16(bitPattern: Int16(stored)) : UInt16(stored)
        }
        try dataset.set(T.pixelData, values: words, vr: "OW")
        return clipped
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
