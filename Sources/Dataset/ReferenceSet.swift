import Foundation
import Imaging
import Phantom

/// The phantom reference set: the training, validation and test subjects the shipped model is trained
/// and evaluated on, made by one call from a fixed seed.
///
/// Subject n (P0001…, seed `seed + n − 1`) is rendered directly in its CT scanner's frame, CT and MR on
/// one axial grid (paired by construction, so no registration): a square field of view of the dataset's
/// size, `renderMatrix` pixels across (default max(N, 256): finer than the model grid, which
/// `DatasetPreparation` then reaches with anti-aliasing), `slices` slices of `sliceThicknessMM` centred
/// on the head. The first
/// `train` subjects are the training part, then `validation`, then `test`.
public struct ReferenceSetOptions: Sendable, Codable, Equatable {
    public var seed: UInt64 = 2026
    public var train = 40
    public var validation = 5
    public var test = 10
    public var preparation = DatasetPreparationOptions(registerMR: false)
    public var phantom = PhantomOptions()
    public var sliceThicknessMM = 2.5
    public var slices = 72
    /// Pixels across the render grid; nil = max(model size, 256).
    public var renderMatrix: Int?

    public init() {}

    public var subjectCount: Int { train + validation + test }
}

public enum ReferenceSet {
    /// Generates the set into `folder` (a new dataset folder). `progress` hears one line per subject.
    public static func generate(
        options: ReferenceSetOptions, atlas: TissueAtlas, atlasName: String, into folder: URL,
        replacingExisting: Bool = false, progress: (String) -> Void = { _ in }
    ) throws -> DatasetManifest {
        guard options.train >= 1, options.validation >= 0, options.test >= 0, options.subjectCount <= 10_000 else {
            throw DatasetError.invalidInput(
                "reference set counts \(options.train)/\(options.validation)/\(options.test): need at least one training subject and at most 10000 in all")
        }
        let ids = (1...options.subjectCount).map { String(format: "P%04d", $0) }
        let split = try PatientSplit(
            train: Array(ids[0..<options.train]),
            validation: Array(ids[options.train..<(options.train + options.validation)]),
            test: Array(ids[(options.train + options.validation)...]))
        var writer = try DatasetWriter(
            folder: folder, options: options.preparation, seed: options.seed, split: split,
            replacingExisting: replacingExisting)
        let preparation = DatasetPreparation(options: options.preparation)
        for (n, id) in ids.enumerated() {
            let parameters = SubjectParameters(seed: options.seed &+ UInt64(n), options: options.phantom, atlas: atlas)
            let renderer = PhantomRenderer(anatomy: SubjectAnatomy(atlas: atlas, parameters: parameters))
            let geometry = try renderGrid(options, centreZ: parameters.ctPose.translationMM.z)
            let ct = renderer.render(.ct, on: geometry, pose: parameters.ctPose)
            let mr = renderer.render(.mr, on: geometry, pose: parameters.ctPose)
            let prepared = try preparation.prepare(
                PairedVolumes(
                    patientID: id, ct: ct, mr: mr, aligned: true,
                    source: "msl phantom (\(atlasName)), seed \(parameters.seed), MR \(parameters.mr.weighting.rawValue)"))
            _ = try writer.write(prepared)
            progress("\(id) (\(split.part(of: id).map { "\($0)" } ?? "?")): \(prepared.sliceCount) slices")
        }
        return try writer.finish()
    }

    /// The shared CT/MR render grid of a subject.
    static func renderGrid(_ options: ReferenceSetOptions, centreZ: Double) throws -> Geometry {
        let fov = options.preparation.fieldOfViewMM
        let matrix = options.renderMatrix ?? max(options.preparation.modelSize, 256)
        let grid = SeriesGrid(
            matrix: matrix, pixelSpacingMM: fov / Double(matrix), sliceThicknessMM: options.sliceThicknessMM,
            slices: options.slices)
        return try grid.geometry(centreZ: centreZ, frameOfReferenceUID: nil)
    }
}
