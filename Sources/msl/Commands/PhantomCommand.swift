import ArgumentParser
import Foundation
import Graphics
import Imaging
import Phantom

/// `msl phantom`: synthetic paired CT/MR head studies with their ground truth.
struct PhantomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantom",
        abstract: "Generate synthetic paired CT/MR head studies (DICOM) with their ground truth.",
        discussion: """
            Each subject is drawn from a seed: head size and shape, a smooth deformation, ventricle \
            size, skull thickness, its position in each scanner and, by default, random lesions. \
            The anatomy comes from Colin27 (Debian mricron-data) and the bundled MNI CT template, \
            or from nested ellipsoids with --procedural (no template files, fast). For subject N \
            (P0001, P0002, …; seeds --seed, --seed + 1, …) it writes OUT/PNNNN/CT and OUT/PNNNN/MR \
            (one DICOM file per slice, one study, each series in its own frame of reference), \
            OUT/PNNNN/truth/labels.nii (tissue labels on the CT grid) and OUT/PNNNN/truth.json \
            (all subject parameters, the CT→MR transform, lesions, label legend). The same seed \
            gives the same bytes.
            """
    )

    @Option(help: "Output folder (created if missing).")
    var out: String

    @Option(help: "Seed of the first subject.")
    var seed: UInt64 = 1

    @Option(help: "Number of subjects.")
    var count = 1

    @Flag(help: "Nested-ellipsoid anatomy instead of the templates.")
    var procedural = false

    @Option(help: "MR weighting: T1, T2 or PD.")
    var weighting = MRWeighting.t1

    @Option(help: "Lesions: none, random or all.")
    var lesions = LesionMode.random

    @Option(help: "CT matrix (pixels per side).")
    var ctMatrix = SeriesGrid.standardCT.matrix
    @Option(help: "CT pixel spacing (mm).")
    var ctPixel = SeriesGrid.standardCT.pixelSpacingMM
    @Option(help: "CT slice thickness = spacing (mm).")
    var ctSlice = SeriesGrid.standardCT.sliceThicknessMM
    @Option(help: "CT slice count.")
    var ctSlices = SeriesGrid.standardCT.slices

    @Option(help: "MR matrix (pixels per side).")
    var mrMatrix = SeriesGrid.standardMR.matrix
    @Option(help: "MR pixel spacing (mm).")
    var mrPixel = SeriesGrid.standardMR.pixelSpacingMM
    @Option(help: "MR slice thickness = spacing (mm).")
    var mrSlice = SeriesGrid.standardMR.sliceThicknessMM
    @Option(help: "MR slice count.")
    var mrSlices = SeriesGrid.standardMR.slices

    @Option(help: "Also write a PNG montage of every subject's middle slices (CT soft tissue, CT bone, MR, labels).")
    var montage: String?

    func validate() throws {
        guard (1...10_000).contains(count) else { throw ValidationError("--count must be 1…10000") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let atlas = try procedural ? ProceduralAtlas.build() : TemplateAtlas.build()
        print("atlas (\(procedural ? "procedural" : "Colin27 + MNI CT template")) ready in \(Self.seconds(clock.now - start))")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let options = PhantomOptions(weighting: weighting, lesions: lesions)
        let ctGrid = SeriesGrid(matrix: ctMatrix, pixelSpacingMM: ctPixel, sliceThicknessMM: ctSlice, slices: ctSlices)
        let mrGrid = SeriesGrid(matrix: mrMatrix, pixelSpacingMM: mrPixel, sliceThicknessMM: mrSlice, slices: mrSlices)
        var rows: [[Montage.Tile]] = []
        for n in 0..<count {
            let subjectStart = clock.now
            let subject = String(format: "P%04d", n + 1)
            let parameters = SubjectParameters(seed: seed + UInt64(n), options: options, atlas: atlas)
            let study = PhantomStudy(
                subjectID: subject, parameters: parameters, ctGrid: ctGrid, mrGrid: mrGrid,
                atlasName: procedural ? "procedural" : "template")
            let written = try study.write(into: out, atlas: atlas)
            let kinds = parameters.lesions.map(\.kind.rawValue).joined(separator: ", ")
            print("\(subject): seed \(parameters.seed), lesions [\(kinds)], \(Self.seconds(clock.now - subjectStart)) → \(written.folder)")
            if montage != nil {
                let ct = try written.ct.slice(z: written.ct.size.z / 2)
                let mr = try written.mr.slice(z: written.mr.size.z / 2)
                let mrHigh = Self.percentile(mr.pixels, 0.995)
                rows.append([
                    Montage.Tile(ct, window: -60...140), Montage.Tile(ct, window: -1000...2000),
                    Montage.Tile(mr, window: 0...mrHigh),
                    Montage.Tile(try written.labels.slice(z: written.labels.size.z / 2), window: 0...16),
                ])
            }
        }
        if let montage {
            try RasterImage(montage: rows).writePNG(to: URL(fileURLWithPath: montage))
            print("montage: \(montage)")
        }
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.1f s", d.seconds)
    }

    static func percentile(_ values: [Float], _ q: Double) -> Float {
        let sorted = values.sorted()
        return sorted.isEmpty ? 1 : max(1, sorted[Int(Double(sorted.count - 1) * q)])
    }
}

extension MRWeighting: ExpressibleByArgument {}
extension LesionMode: ExpressibleByArgument {}
