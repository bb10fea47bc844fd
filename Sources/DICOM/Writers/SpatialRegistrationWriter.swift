import Imaging

/// Writes the MR→CT rigid registration as a Spatial Registration instance (1.2.840.10008.5.1.4.1.1.66.1,
/// Modality REG; `clinical-conventions.md` §10), readable by SlicerRT and plastimatch.
///
/// The object lives in the CT's (fixed) Frame of Reference. Its Registration Sequence has two items:
/// 1. the CT frame, citing the CT instances, with the identity matrix (Frame of Reference Identity);
/// 2. the MR frame, citing the MR instances, with the matrix M that maps MR patient coordinates into CT
///    patient coordinates (PS3.3 C.20.2: "transforms the Registered RCS into the RCS of this instance"),
///    Frame of Reference Transformation Matrix Type RIGID, listed in row-major order.
///
/// The registration itself comes as msl's registration gives it, ITK's convention: `fixedToMoving` maps a
/// CT point to the MR point that lands on it (the transform a resampler evaluates). M is its inverse,
/// [A⁻¹ | −A⁻¹·o] for y = A·x + o.
public struct SpatialRegistrationWriter: Sendable {
    /// The CT (fixed) instances; one Frame of Reference.
    public var fixed: [InstanceMetadata]
    /// The MR (moving) instances; one Frame of Reference, another than the CT's.
    public var moving: [InstanceMetadata]
    /// The registration, CT point → MR point (ITK convention); its linear part must be a rotation.
    public var fixedToMoving: AffineTransform
    /// Who made it. `mixing`, `modelSHA256` and `registrationInstanceUID` do not enter this object's UIDs
    /// (the registration precedes reconstruction), so its UID can go into the images' provenance.
    public var provenance: Provenance
    /// The file is "<fileName>.dcm".
    public var fileName: String

    /// SOP Class UID of Spatial Registration Storage.
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.66.1"
    /// Largest tolerated |AᵀA − I| entry and |det A − 1| for RIGID: a rigid registration's rotation is
    /// orthonormal to rounding, far below DS precision.
    public static let rigidityTolerance = 1e-6

    /// A writer; nothing is checked until `write(to:)`.
    public init(
        fixed: [InstanceMetadata], moving: [InstanceMetadata], fixedToMoving: AffineTransform, provenance: Provenance,
        fileName: String = "msl-registration"
    ) {
        self.fixed = fixed
        self.moving = moving
        self.fixedToMoving = fixedToMoving
        self.provenance = provenance
        self.fileName = fileName
    }

    /// The 4×4 matrix written for the MR frame (MR → CT), row-major, 16 values.
    public var movingToFixedMatrix: [Double] {
        let a = fixedToMoving.matrix
        let inverse = a.inverse ?? .identity
        let t = -(inverse * fixedToMoving.offsetMM)
        return (0..<3).flatMap { r in [inverse[r, 0], inverse[r, 1], inverse[r, 2], t[r]] } + [0, 0, 0, 1]
    }

    /// The SOP Instance UID the object will have: known before writing, for the images' provenance.
    public var sopInstanceUID: String { identity.instanceUID(1) }

    private var sources: SourceSeries { SourceSeries(ct: fixed, mr: moving) }

    /// The provenance fields that describe the registration (see `provenance`).
    private var registrationProvenance: Provenance {
        var p = provenance
        p.mixing = .lambda(0)
        p.modelSHA256 = String(repeating: "0", count: 64)
        p.registrationInstanceUID = nil
        return p
    }

    private var uidParameters: [String: String] {
        ["matrix": movingToFixedMatrix.map { "\($0)" }.joined(separator: ",")]
    }

    private var identity: OutputIdentity {
        var hashed = registrationProvenance.uidParameters
        for (key, value) in uidParameters { hashed["writer." + key] = value }
        hashed["object"] = "Spatial Registration"
        return OutputIdentity(
            inputs: sources.all.map(\.sopInstanceUID), parameters: hashed, version: provenance.algorithmVersion)
    }

    static let label = "MSL-REG"

    /// Validates everything, builds the instance, then writes "<directory>/<fileName>.dcm" atomically.
    ///
    /// - Throws: `DICOMError.writeFailed` listing every problem before writing (no CT or MR, several or
    ///   equal Frames of Reference, a matrix that is not rigid); `.io` from the file system.
    public func write(to directory: String) throws(DICOMError) -> WrittenSeries {
        var problems: [String] = []
        if fixed.isEmpty { problems.append("no fixed (CT) instance was given") }
        if moving.isEmpty { problems.append("no moving (MR) instance was given") }
        let fixedFrames = Set(fixed.map { $0.frameOfReferenceUID ?? "" })
        let movingFrames = Set(moving.map { $0.frameOfReferenceUID ?? "" })
        for (name, frames) in [("fixed (CT)", fixedFrames), ("moving (MR)", movingFrames)] where !frames.isEmpty {
            if frames.count > 1 { problems.append("the \(name) instances have \(frames.count) Frames of Reference") }
            if frames.contains("") { problems.append("a \(name) instance has no Frame of Reference UID") }
        }
        if let f = fixedFrames.first, fixedFrames == movingFrames, !f.isEmpty {
            problems.append("the CT and MR share Frame of Reference \(f): they need no registration object")
        }
        problems += rigidityProblems()
        problems += WriterFiles.problems(prefix: fileName, directory: directory)
        let description = provenance.seriesDescription(label: Self.label, detail: "MR to CT")
        if let p = DICOMValueCheck.textProblem(description, maxLength: 64) {
            problems.append("Series Description '\(description)' \(p); shorten the banner")
        }
        let context = try WriterContext.make(
            object: "Spatial Registration", parameters: uidParameters, problems: problems,
            texts: { _ in [("Series Description", description)] }, requiresContentDate: true, sources: sources,
            provenance: provenance, destination: directory, identity: identity)

        let path = WriterFiles.path(directory: directory, name: fileName)
        let d = try DICOMDataset(label: path, encoding: context.encoding)
        try build(d, context: context, description: description)
        try d.save(to: path)
        return WrittenSeries(
            sopClassUID: Self.sopClassUID, seriesInstanceUID: identity.seriesInstanceUID,
            seriesNumber: identity.seriesNumber,
            instances: [WrittenInstance(path: path, sopInstanceUID: sopInstanceUID, instanceNumber: 1)],
            clippedVoxelCount: 0)
    }

    private func rigidityProblems() -> [String] {
        let a = fixedToMoving.matrix
        let entries = [a.column0, a.column1, a.column2].flatMap { [$0.x, $0.y, $0.z] }
        let offset = fixedToMoving.offsetMM
        guard entries.allSatisfy(\.isFinite), offset.x.isFinite, offset.y.isFinite, offset.z.isFinite else {
            return ["the registration transform has non-finite entries"]
        }
        let orthogonality = (a.transpose * a).maxAbsoluteDifference(to: .identity)
        let determinant = a.determinant
        if orthogonality > Self.rigidityTolerance || abs(determinant - 1) > Self.rigidityTolerance {
            return [
                "the registration is not rigid (max |AᵀA − I| = \(orthogonality), det A = \(determinant)); a RIGID "
                    + "matrix needs a proper rotation within \(Self.rigidityTolerance)"
            ]
        }
        return []
    }

    private typealias T = AttributeTag

    private func build(_ d: DICOMDataset, context: WriterContext, description: String) throws(DICOMError) {
        let fixedFrame = fixed[0].frameOfReferenceUID ?? ""
        let movingFrame = moving[0].frameOfReferenceUID ?? ""
        try d.addPatientAndStudy(context)
        try d.addSeries(
            context, modality: "REG", description: description, anatomy: .bodyPartOrUnknownLaterality)
        try d.addFrameOfReference(context, uid: fixedFrame)
        try d.addEquipment(context)

        // Spatial Registration module
        try d.set(T.instanceNumber, "1")
        try d.addContentDateTime(context)
        try d.set(T.contentLabel, "MSL_REG")
        try d.set(T.contentDescription, "MR to CT rigid registration, Mattes mutual information")
        try d.set(T.contentCreatorName, "")
        let identity: [Double] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        try addRegistration(
            d, frame: fixedFrame, instances: SourceSeries.sorted(fixed), matrix: identity,
            type: .frameOfReferenceIdentity, comment: "CT (fixed) frame: identity")
        try addRegistration(
            d, frame: movingFrame, instances: SourceSeries.sorted(moving), matrix: movingToFixedMatrix,
            type: .imageContentBasedAlignment, comment: "MR (moving) to CT (fixed) patient coordinates")

        try d.addCommonInstanceReference(context)
        try d.addSOPCommon(context, sopClassUID: Self.sopClassUID, sopInstanceUID: sopInstanceUID)
    }

    private func addRegistration(
        _ d: DICOMDataset, frame: String, instances: [InstanceMetadata], matrix: [Double], type: CodedConcept,
        comment: String
    ) throws(DICOMError) {
        let registration = try d.addItem(T.registrationSequence)
        try d.set(T.frameOfReferenceUID, frame, in: registration)
        try d.addReferences(instances, to: T.referencedImageSequence, purpose: nil, in: registration)
        let matrixRegistration = try d.addItem(T.matrixRegistrationSequence, in: registration)
        try d.set(T.frameOfReferenceTransformationComment, comment, in: matrixRegistration)
        try d.addCode(type, to: T.registrationTypeCodeSequence, in: matrixRegistration)
        let item = try d.addItem(T.matrixSequence, in: matrixRegistration)
        try d.set(T.frameOfReferenceTransformationMatrix, decimals: matrix, in: item)
        try d.set(T.frameOfReferenceTransformationMatrixType, "RIGID", in: item)
    }
}
