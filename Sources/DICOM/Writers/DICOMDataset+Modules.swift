/// The modules every msl object shares, built from a `WriterContext`: patient and study (copied),
/// series, frame of reference, equipment, SOP common with msl's Contributing Equipment, and references
/// to the sources.
extension DICOMDataset {
    typealias T = AttributeTag

    /// The attributes copied verbatim from the reference source (`clinical-conventions.md` §9, §12): its
    /// Specific Character Set first, then the patient and study modules' identifying attributes.
    static let copiedPatientAndStudy: [AttributeTag] = [
        T.specificCharacterSet, T.patientName, T.patientID, T.issuerOfPatientID, T.patientBirthDate, T.patientSex,
        T.studyInstanceUID, T.studyDate, T.studyTime, T.referringPhysicianName, T.studyID, T.accessionNumber,
    ]

    /// Optional (Type 3) study attributes copied when the source has them, so that every instance of the
    /// study tells the same story (`dcentvfy` compares them across a study's instances).
    static let copiedWhenPresent: [AttributeTag] = [T.studyDescription, T.patientAge, T.patientSize, T.patientWeight]

    /// Of the copied attributes, the Type 2 ones written empty when the source lacks them.
    static let requiredEmptyWhenAbsent: [AttributeTag] = [
        T.patientName, T.patientID, T.patientBirthDate, T.patientSex, T.studyDate, T.studyTime,
        T.referringPhysicianName, T.studyID, T.accessionNumber,
    ]

    /// Patient and General Study modules (and Specific Character Set), copied from the reference source,
    /// then the source's de-identification statement when it is a valid one.
    func addPatientAndStudy(_ context: WriterContext) throws(DICOMError) {
        let copied = try copy(Self.copiedPatientAndStudy + Self.copiedWhenPresent, from: context.referenceFile)
        for tag in Self.requiredEmptyWhenAbsent where !copied.contains(tag) {
            try set(tag, "")
        }
        guard copied.contains(T.studyInstanceUID) else {
            throw .writeFailed(path: label, reason: "the reference source has no Study Instance UID to copy")
        }
        try copyDeidentification(context)
    }

    /// Patient Identity Removed with its De-identification Method (Code Sequence), when
    /// `WriterContext.copiesDeidentification` says the source states them validly.
    private func copyDeidentification(_ context: WriterContext) throws(DICOMError) {
        guard context.copiesDeidentification else { return }
        try copy(
            [T.patientIdentityRemoved, T.deidentificationMethod, T.deidentificationMethodCodeSequence],
            from: context.referenceFile)
    }

    /// What a series module says about anatomy.
    enum SeriesAnatomy {
        /// General Series of an image or REG: Body Part Examined copied from the reference source; when it
        /// has none, an empty Laterality (Type 2C, required for paired parts: "actually unknown").
        case bodyPartOrUnknownLaterality
        /// General Series of an enhanced image whose frames state Frame Laterality: Body Part Examined
        /// copied, no Laterality (it may not be present then).
        case bodyPartOnly
        /// A series module without anatomy (Encapsulated Document Series).
        case none
    }

    /// General Series (or a modality's series module): Modality, the new Series Instance UID and
    /// Number, Series Description, Series Date/Time = Content Date/Time when known, and anatomy.
    func addSeries(_ context: WriterContext, modality: String, description: String, anatomy: SeriesAnatomy)
        throws(DICOMError)
    {
        try set(T.modality, modality)
        try set(T.seriesInstanceUID, context.identity.seriesInstanceUID)
        try set(T.seriesNumber, String(context.identity.seriesNumber))
        try set(T.seriesDescription, description)
        if let content = context.content {
            try set(T.seriesDate, content.date)
            try set(T.seriesTime, content.time)
        }
        guard anatomy != .none else { return }
        let copied = try copy([T.bodyPartExamined], from: context.referenceFile)
        if copied.isEmpty, anatomy == .bodyPartOrUnknownLaterality { try set(T.laterality, "") }
    }

    /// Content Date and Content Time (empty when unknown, which only Type 2 modules accept).
    func addContentDateTime(_ context: WriterContext) throws(DICOMError) {
        try set(T.contentDate, context.content?.date ?? "")
        try set(T.contentTime, context.content?.time ?? "")
    }

    /// Frame of Reference module: the output grid's frame, and the Position Reference Indicator of a
    /// source in that frame (copied; empty when none is known).
    func addFrameOfReference(_ context: WriterContext, uid: String) throws(DICOMError) {
        try set(T.frameOfReferenceUID, uid)
        if context.reference.frameOfReferenceUID == uid {
            let copied = try copy([T.positionReferenceIndicator], from: context.referenceFile)
            if !copied.isEmpty { return }
        }
        try set(T.positionReferenceIndicator, "")
    }

    /// General Equipment, and Enhanced General Equipment's Device Serial Number: msl is the device.
    func addEquipment(_ context: WriterContext) throws(DICOMError) {
        let p = context.provenance
        try set(T.manufacturer, p.manufacturer)
        try set(T.manufacturerModelName, p.manufacturerModelName)
        try set(T.deviceSerialNumber, p.serialNumber)
        try set(T.softwareVersions, p.softwareVersions)
        try set(T.deviceUID, p.deviceUID)
    }

    /// SOP Common: SOP Class and Instance UIDs, msl's private coding scheme, and the Contributing
    /// Equipment item (IHE AIR) whose Device UID marks msl's outputs.
    func addSOPCommon(_ context: WriterContext, sopClassUID: String, sopInstanceUID: String) throws(DICOMError) {
        try set(T.sopClassUID, sopClassUID)
        try set(T.sopInstanceUID, sopInstanceUID)
        let scheme = try addItem(T.codingSchemeIdentificationSequence)
        try set(T.codingSchemeDesignator, CodedConcept.privateScheme, in: scheme)
        try set(T.codingSchemeName, "msl private codes", in: scheme)
        try set(T.codingSchemeResponsibleOrganization, "msl", in: scheme)
        let p = context.provenance
        let equipment = try addItem(T.contributingEquipmentSequence)
        try set(T.manufacturer, p.manufacturer, in: equipment)
        try set(T.manufacturerModelName, p.manufacturerModelName, in: equipment)
        try set(T.deviceSerialNumber, p.serialNumber, in: equipment)
        try set(T.softwareVersions, p.softwareVersions, in: equipment)
        try set(T.deviceUID, p.deviceUID, in: equipment)
        try addCode(.processingEquipment, to: T.purposeOfReferenceCodeSequence, in: equipment)
        try set(T.contributionDescription, "\(p.algorithmName) \(p.algorithmVersion)", in: equipment)
    }

    /// Appends one code item to `sequence`.
    @discardableResult
    func addCode(_ concept: CodedConcept, to sequence: AttributeTag, in path: ItemPath = .root) throws(DICOMError)
        -> ItemPath
    {
        let item = try addItem(sequence, in: path)
        try set(T.codeValue, concept.value, in: item)
        try set(T.codingSchemeDesignator, concept.scheme, in: item)
        try set(T.codeMeaning, concept.meaning, in: item)
        return item
    }

    /// One item per instance: Referenced SOP Class and Instance UID, and, when given, a Purpose of
    /// Reference Code Sequence item (nested two levels: the sequence's item holds the code sequence).
    func addReferences(
        _ instances: [InstanceMetadata], to sequence: AttributeTag, purpose: CodedConcept?,
        in path: ItemPath = .root
    ) throws(DICOMError) {
        for instance in instances {
            let item = try addItem(sequence, in: path)
            try set(T.referencedSOPClassUID, instance.sopClassUID, in: item)
            try set(T.referencedSOPInstanceUID, instance.sopInstanceUID, in: item)
            if let purpose { try addCode(purpose, to: T.purposeOfReferenceCodeSequence, in: item) }
        }
    }

    /// Common Instance Reference module: the sources of the output's study in Referenced Series
    /// Sequence, those of other studies (an MR paired from another study) in Studies Containing Other
    /// Referenced Instances Sequence, each grouped by series in citation order.
    func addCommonInstanceReference(_ context: WriterContext) throws(DICOMError) {
        let study = context.reference.studyInstanceUID
        let all = context.sources.all
        try addSeriesReferences(all.filter { $0.studyInstanceUID == study }, in: .root)
        var otherStudies: [String] = []
        for instance in all
        where instance.studyInstanceUID != study && !otherStudies.contains(instance.studyInstanceUID) {
            otherStudies.append(instance.studyInstanceUID)
        }
        for other in otherStudies {
            let item = try addItem(T.studiesContainingOtherReferencedInstancesSequence)
            try set(T.studyInstanceUID, other, in: item)
            try addSeriesReferences(all.filter { $0.studyInstanceUID == other }, in: item)
        }
    }

    private func addSeriesReferences(_ instances: [InstanceMetadata], in path: ItemPath) throws(DICOMError) {
        var order: [String] = []
        for instance in instances where !order.contains(instance.seriesInstanceUID) {
            order.append(instance.seriesInstanceUID)
        }
        for series in order {
            let item = try addItem(T.referencedSeriesSequence, in: path)
            try set(T.seriesInstanceUID, series, in: item)
            try addReferences(
                instances.filter { $0.seriesInstanceUID == series }, to: T.referencedInstanceSequence, purpose: nil,
                in: item)
        }
    }
}
