import DICOM
import Foundation
import Imaging

/// The axial grid of one simulated series: a square matrix centred on the scanner's isocentre (the
/// head's pose puts its centre near it), `slices` slices of `sliceThicknessMM` (contiguous).
public struct SeriesGrid: Sendable, Codable, Equatable {
    public var matrix: Int
    public var pixelSpacingMM: Double
    public var sliceThicknessMM: Double
    public var slices: Int

    public init(matrix: Int, pixelSpacingMM: Double, sliceThicknessMM: Double, slices: Int) {
        self.matrix = matrix
        self.pixelSpacingMM = pixelSpacingMM
        self.sliceThicknessMM = sliceThicknessMM
        self.slices = slices
    }

    /// CT: 384² of 0.65 mm (250 mm field of view), 90 slices of 2 mm (180 mm, the whole head).
    public static let standardCT = SeriesGrid(matrix: 384, pixelSpacingMM: 0.65, sliceThicknessMM: 2, slices: 90)
    /// MR: 256² of 0.9 mm (230 mm), 60 slices of 3 mm.
    public static let standardMR = SeriesGrid(matrix: 256, pixelSpacingMM: 0.9, sliceThicknessMM: 3, slices: 60)

    /// The grid in patient coordinates (identity direction: rows along x, columns along y, slices
    /// along z), centred on (0, 0, centreZ).
    public func geometry(centreZ: Double, frameOfReferenceUID: String?) throws -> Geometry {
        guard matrix >= 8, matrix <= 2048, slices >= 1, slices <= 2000, pixelSpacingMM > 0, sliceThicknessMM > 0 else {
            throw PhantomError.invalidParameter(
                name: "series grid", value: "\(matrix)² × \(slices), \(pixelSpacingMM) × \(sliceThicknessMM) mm",
                expected: "a matrix of 8…2048, 1…2000 slices, positive spacings")
        }
        let spacing = SIMD3(pixelSpacingMM, pixelSpacingMM, sliceThicknessMM)
        let size = SIMD3(matrix, matrix, slices)
        let origin = SIMD3(0, 0, centreZ) - (SIMD3<Double>(size) - 1) / 2 * spacing
        return try Geometry(size: size, originMM: origin, spacingMM: spacing, frameOfReferenceUID: frameOfReferenceUID)
    }
}

/// One synthetic patient's CT and MR study, as a hospital would send it, with its ground truth.
public struct PhantomStudy: Sendable {
    public var subjectID: String
    public var parameters: SubjectParameters
    public var ctGrid: SeriesGrid
    public var mrGrid: SeriesGrid
    /// "template" or "procedural": which atlas the subject was drawn from, recorded in the truth.
    public var atlasName: String

    public init(subjectID: String, parameters: SubjectParameters, ctGrid: SeriesGrid = .standardCT,
                mrGrid: SeriesGrid = .standardMR, atlasName: String) {
        self.subjectID = subjectID
        self.parameters = parameters
        self.ctGrid = ctGrid
        self.mrGrid = mrGrid
        self.atlasName = atlasName
    }

    /// The map taking CT patient coordinates to MR patient coordinates (what registering the MR, moving,
    /// onto the CT, fixed, estimates in ITK's convention): MR pose ∘ CT pose⁻¹.
    public func ctToMR(centre: SIMD3<Double>) throws -> Imaging.AffineTransform {
        let ct = parameters.ctPose.anatomyToPatient(centre: centre)
        let mr = parameters.mrPose.anatomyToPatient(centre: centre)
        return mr.composed(after: try ct.inverted())
    }

    /// Renders and writes the study into `folder/<subjectID>/`: `CT/` and `MR/` (one DICOM file per slice),
    /// `truth/labels.nii` (the tissue label of every CT voxel, uint8) and `truth.json`. Everything is
    /// written under a temporary name and renamed into place last, so a crash leaves no half study.
    ///
    /// - Returns: the study folder and the rendered volumes.
    @discardableResult
    public func write(into folder: String, atlas: TissueAtlas) throws -> WrittenPhantomStudy {
        let final = (folder as NSString).appendingPathComponent(subjectID)
        let partial = (folder as NSString).appendingPathComponent(".\(subjectID).partial")
        let files = FileManager.default
        guard !files.fileExists(atPath: final) else {
            throw PhantomError.output(path: final, reason: "already exists; choose another folder or remove it")
        }
        try? files.removeItem(atPath: partial)
        do {
            try files.createDirectory(atPath: partial, withIntermediateDirectories: true)
            for sub in ["CT", "MR", "truth"] {
                try files.createDirectory(atPath: (partial as NSString).appendingPathComponent(sub), withIntermediateDirectories: false)
            }
        } catch {
            throw PhantomError.output(path: partial, reason: "cannot create: \(error.localizedDescription)")
        }
        let renderer = PhantomRenderer(anatomy: SubjectAnatomy(atlas: atlas, parameters: parameters))
        let centre = atlas.landmarks.headCentre
        let seed = parameters.seed
        func uid(_ role: String) -> String {
            DeterministicUID.make(inputs: [subjectID], parameters: ["phantom seed": String(seed)], version: "msl phantom 1", role: role)
        }
        let ctGeometry = try ctGrid.geometry(centreZ: parameters.ctPose.translationMM.z, frameOfReferenceUID: uid("CT frame"))
        let mrGeometry = try mrGrid.geometry(centreZ: parameters.mrPose.translationMM.z, frameOfReferenceUID: uid("MR frame"))
        let ct = renderer.render(.ct, on: ctGeometry, pose: parameters.ctPose)
        let mr = renderer.render(.mr, on: mrGeometry, pose: parameters.mrPose)
        let labels = renderer.render(.labels, on: ctGeometry, pose: parameters.ctPose)
        let study = try SyntheticStudy(
            patient: SyntheticPatient(
                name: "PHANTOM^\(subjectID)", id: subjectID, issuerOfPatientID: "MSL-PHANTOM",
                birthDate: String(format: "19%02d0101", 40 + Int(seed % 50)), sex: seed % 2 == 0 ? "F" : "M"),
            studyInstanceUID: uid("study"), studyID: "1", accessionNumber: "PH\(seed % 1_000_000)",
            description: "Synthetic head CT and MR", dateTime: DICOMDateTime(date: "20260101", time: "080000"))
        let mrProtocol = parameters.mr
        let written: [WrittenSeries]
        do {
            written = [
                try SimulatedAcquisitionWriter(
                    study: study, seriesNumber: 1, seriesDescription: "Phantom CT head \(ctGrid.sliceThicknessMM) mm",
                    volume: ct, acquisition: .ct(kvp: 120, exposureMAs: 250, convolutionKernel: "H30s"),
                    uidSeed: "\(subjectID) \(seed) CT", fileNamePrefix: "ct"
                ).write(to: (partial as NSString).appendingPathComponent("CT")),
                try SimulatedAcquisitionWriter(
                    study: study, seriesNumber: 2, seriesDescription: "Phantom MR \(mrProtocol.weighting.rawValue) SE",
                    volume: mr,
                    acquisition: .mr(
                        MRSpinEchoProtocol(
                            repetitionTimeMS: mrProtocol.repetitionTimeMS, echoTimeMS: mrProtocol.echoTimeMS,
                            magneticFieldStrengthT: mrProtocol.magneticFieldStrengthT, weighting: mrProtocol.weighting.rawValue)),
                    uidSeed: "\(subjectID) \(seed) MR", fileNamePrefix: "mr"
                ).write(to: (partial as NSString).appendingPathComponent("MR")),
            ]
        } catch {
            throw PhantomError.output(path: partial, reason: "\(error)")
        }
        let truth = PhantomTruth(
            subjectID: subjectID, atlas: atlasName, parameters: parameters, ctGrid: ctGrid, mrGrid: mrGrid,
            ctGeometry: ctGeometry, mrGeometry: mrGeometry, ctToMR: try ctToMR(centre: centre),
            lesionCentresCT: parameters.lesions.map { lesion in
                parameters.ctPose.anatomyToPatient(centre: centre).apply(to: SubjectAnatomy(atlas: atlas, parameters: parameters)
                    .subjectPoint(ofAtlasPoint: lesion.centreMM))
            },
            series: written.map { PhantomTruth.Series(seriesInstanceUID: $0.seriesInstanceUID, files: $0.instances.count) })
        do {
            try NIfTI.encode(labels, as: .uint8).write(to: URL(fileURLWithPath: (partial as NSString).appendingPathComponent("truth/labels.nii")))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(truth).write(to: URL(fileURLWithPath: (partial as NSString).appendingPathComponent("truth.json")))
            try files.moveItem(atPath: partial, toPath: final)
        } catch {
            throw PhantomError.output(path: final, reason: "\(error)")
        }
        return WrittenPhantomStudy(folder: final, ct: ct, mr: mr, labels: labels, truth: truth)
    }
}

/// What `PhantomStudy.write` produced.
public struct WrittenPhantomStudy: Sendable {
    /// `<folder>/<subjectID>`.
    public var folder: String
    /// CT in HU, MR signal and the label map, as written (CT and labels on the CT grid).
    public var ct: Volume
    public var mr: Volume
    public var labels: Volume
    public var truth: PhantomTruth
}

/// What `truth.json` holds: how the subject was made and where things are.
public struct PhantomTruth: Codable, Sendable {
    public struct Series: Codable, Sendable {
        public var seriesInstanceUID: String
        public var files: Int
    }
    public var format = "msl-phantom-truth 1"
    public var subjectID: String
    public var atlas: String
    public var parameters: SubjectParameters
    public var ctGrid: SeriesGrid
    public var mrGrid: SeriesGrid
    public var ctGeometry: Geometry
    public var mrGeometry: Geometry
    /// CT patient coordinates → MR patient coordinates (ITK: fixed CT, moving MR).
    public var ctToMR: Imaging.AffineTransform
    /// Each lesion's centre in CT patient coordinates (mm), in `parameters.lesions` order.
    public var lesionCentresCT: [SIMD3<Double>]
    /// The label map's values: `Tissue.label` → name.
    public var labels: [String: String] = Dictionary(
        uniqueKeysWithValues: Tissue.allCases.map { (String($0.label), $0.description) })
    public var series: [Series]
}
