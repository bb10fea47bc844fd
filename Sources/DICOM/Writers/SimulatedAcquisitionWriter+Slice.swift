import Imaging

/// Building one slice's dataset.
extension SimulatedAcquisitionWriter {
    typealias T = AttributeTag

    /// The dataset of slice `k` (instance k + 1) and the number of its clipped voxels.
    func makeSlice(_ k: Int, plan: Plan) throws(DICOMError) -> (DICOMDataset, Int) {
        let dataset = try DICOMDataset(label: plan.paths[k], encoding: plan.encoding)
        let time = study.dateTime

        // SOP Common
        if plan.encoding != .ascii { try dataset.set(T.specificCharacterSet, "ISO_IR 192") }
        try dataset.set(T.sopClassUID, acquisition.sopClassUID)
        try dataset.set(T.sopInstanceUID, plan.instanceUIDs[k])

        try addPatientAndStudy(dataset)

        // General Series
        try dataset.set(T.modality, acquisition.modality)
        try dataset.set(T.seriesInstanceUID, plan.seriesInstanceUID)
        try dataset.set(T.seriesNumber, String(seriesNumber))
        try dataset.set(T.seriesDescription, seriesDescription)
        try dataset.set(T.seriesDate, time.date)
        try dataset.set(T.seriesTime, time.time)
        try dataset.set(T.patientPosition, "HFS")
        try dataset.set(T.bodyPartExamined, "HEAD")

        // Frame of Reference
        try dataset.set(T.frameOfReferenceUID, plan.frameOfReferenceUID)
        try dataset.set(T.positionReferenceIndicator, "")

        // General Equipment: the simulated scanner, with no Device UID (that marks msl's own outputs).
        try dataset.set(T.manufacturer, Self.manufacturer)
        try dataset.set(T.institutionName, Self.institutionName)
        try dataset.set(T.manufacturerModelName, Self.modelName)
        try dataset.set(T.deviceSerialNumber, Self.serialNumber)
        try dataset.set(T.softwareVersions, Self.softwareVersions)

        // General Image and General Acquisition
        try dataset.set(T.instanceNumber, String(k + 1))
        try dataset.set(T.imageType, ["ORIGINAL", "PRIMARY", "AXIAL"])
        try dataset.set(T.acquisitionNumber, "1")
        try dataset.set(T.acquisitionDate, time.date)
        try dataset.set(T.acquisitionTime, time.time)
        try dataset.set(T.contentDate, time.date)
        try dataset.set(T.contentTime, time.time)
        try dataset.set(T.imageComments, Self.imageComments)
        try dataset.set(T.burnedInAnnotation, "NO")
        try dataset.set(T.lossyImageCompression, "00")

        // Image Plane, Image Pixel
        try dataset.addImagePlane(of: volume.geometry, slice: k)
        let clipped = try dataset.addMonochrome16Pixels(slice: k, of: volume, map: plan.map)

        // CT or MR Image
        switch acquisition {
        case .ct(let kvp, let exposure, let kernel):
            try dataset.set(T.rescaleIntercept, decimals: [plan.map.intercept])
            try dataset.set(T.rescaleSlope, decimals: [plan.map.slope])
            try dataset.set(T.rescaleType, "HU")
            try dataset.set(T.kvp, decimals: [kvp])
            try dataset.set(T.exposure, String(Int(exposure.rounded())))
            try dataset.set(T.exposureInMicroAs, String(Int((exposure * 1000).rounded())))
            try dataset.set(T.convolutionKernel, kernel)
        case .mr(let mr):
            try addMRImage(dataset, mr)
        }

        // VOI LUT
        try dataset.set(T.windowCenter, decimals: [plan.window.center])
        try dataset.set(T.windowWidth, decimals: [plan.window.width])
        try dataset.set(T.windowCenterWidthExplanation, plan.window.explanation)
        return (dataset, clipped)
    }

    /// Patient and General Study modules from the synthetic study. Issuer of Patient ID and Study
    /// Description (Type 3) are left out when empty; the Type 2 attributes are written even when empty.
    private func addPatientAndStudy(_ dataset: DICOMDataset) throws(DICOMError) {
        let patient = study.patient
        try dataset.set(T.patientName, patient.name)
        try dataset.set(T.patientID, patient.id)
        if !patient.issuerOfPatientID.isEmpty { try dataset.set(T.issuerOfPatientID, patient.issuerOfPatientID) }
        try dataset.set(T.patientBirthDate, patient.birthDate)
        try dataset.set(T.patientSex, patient.sex)

        try dataset.set(T.studyInstanceUID, study.studyInstanceUID)
        try dataset.set(T.studyDate, study.dateTime.date)
        try dataset.set(T.studyTime, study.dateTime.time)
        try dataset.set(T.referringPhysicianName, "")
        try dataset.set(T.studyID, study.studyID)
        try dataset.set(T.accessionNumber, study.accessionNumber)
        if !study.description.isEmpty { try dataset.set(T.studyDescription, study.description) }
    }

    /// MR Image module of a single-echo 2D spin echo: Scanning Sequence SE, Sequence Variant NONE, no
    /// Scan Options, MR Acquisition Type 2D, TR, TE, Echo Train Length 1, B0, the ¹H Larmor frequency.
    private func addMRImage(_ dataset: DICOMDataset, _ mr: MRSpinEchoProtocol) throws(DICOMError) {
        try dataset.set(T.scanningSequence, "SE")
        try dataset.set(T.sequenceVariant, "NONE")
        try dataset.set(T.scanOptions, "")
        try dataset.set(T.mrAcquisitionType, "2D")
        try dataset.set(T.repetitionTime, decimals: [mr.repetitionTimeMS])
        try dataset.set(T.echoTime, decimals: [mr.echoTimeMS])
        try dataset.set(T.echoTrainLength, "1")
        try dataset.set(T.echoNumbers, "1")
        try dataset.set(T.magneticFieldStrength, decimals: [mr.magneticFieldStrengthT])
        try dataset.set(T.imagingFrequency, decimals: [mr.imagingFrequencyMHz])
        try dataset.set(T.imagedNucleus, "1H")
    }
}
