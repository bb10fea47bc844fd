import DICOM
import Foundation
import Phantom

/// Small phantom studies written by `PhantomStudy` (the procedural head at 4 mm, 32² images): a CT of 12
/// slices of 2.5 mm ("Phantom CT head 2.5 mm") and an MR of 10 slices of 5 mm ("Phantom MR T1 SE" or
/// the weighting asked for), enough for the default rules (8 slices at least) and quick to render.
enum PhantomFixture {
    /// The coarsest procedural atlas the generator accepts, built once.
    static let atlas: Result<TissueAtlas, FixtureError> = {
        do { return .success(try ProceduralAtlas.build(spacingMM: 4)) } catch {
            return .failure(FixtureError(description: "procedural atlas: \(error)"))
        }
    }()

    /// Why a fixture could not be made.
    struct FixtureError: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes subject `subject` drawn from `seed` with MR `weighting` into `folder/<subject>/`.
    @discardableResult
    static func write(into folder: URL, subject: String = "P0001", seed: UInt64, weighting: MRWeighting = .t1) throws
        -> String
    {
        let atlas = try Self.atlas.get()
        let parameters = SubjectParameters(
            seed: seed, options: PhantomOptions(weighting: weighting, lesions: .none), atlas: atlas)
        let study = PhantomStudy(
            subjectID: subject, parameters: parameters,
            ctGrid: SeriesGrid(matrix: 32, pixelSpacingMM: 8, sliceThicknessMM: 2.5, slices: 12),
            mrGrid: SeriesGrid(matrix: 32, pixelSpacingMM: 8, sliceThicknessMM: 5, slices: 10), atlasName: "procedural")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try study.write(into: folder.path, atlas: atlas).folder
    }

    /// Scans `folder` and indexes what it holds.
    static func index(_ folder: String) throws -> SeriesIndex {
        SeriesIndex.build(from: try DirectoryScanner().scan(folder).instances)
    }
}
