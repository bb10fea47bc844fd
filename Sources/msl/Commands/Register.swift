import ArgumentParser
import Foundation
import Graphics
import Imaging
import Registration

/// `msl register`: MR onto CT (or any pair) by Mattes mutual information.
struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register a moving volume (MR) onto a fixed one (CT) by Mattes mutual information.",
        discussion: """
            Inputs are DICOM folders (the largest series, through the geometry gate) or \
            NIfTI-1 files (.nii or .nii.gz). Writes into --out: registration.json (the fixed→moving \
            and moving→fixed 4×4 matrices in patient coordinates (LPS, mm), final metric, \
            iterations, stop reason per level, quality check), moving_on_fixed.nii (the moving \
            volume resampled onto the fixed grid) and checkerboard.png (the middle fixed slice, \
            alternating 16-pixel squares of fixed and resampled moving). A registration that \
            fails the quality check exits with status 1 and says why.
            """
    )

    @Option(help: "Fixed volume (CT): a DICOM folder or a .nii or .nii.gz file.")
    var fixed: String

    @Option(help: "Moving volume (MR): a DICOM folder or a .nii or .nii.gz file.")
    var moving: String

    @Option(help: "Output folder (created if missing).")
    var out: String

    @Option(help: "Transform: translation, rigid or affine.")
    var transform = RegistrationConfiguration.TransformKind.rigid

    @Option(help: "Settings: default (accurate) or authors (the authors' SimpleITK settings).")
    var preset = "default"

    @Option(help: "Seed of the metric's random sampling.")
    var seed: UInt64?

    func validate() throws {
        guard ["default", "authors"].contains(preset) else { throw ValidationError("--preset must be default or authors") }
    }

    func run() throws {
        var configuration = preset == "authors" ? RegistrationConfiguration.authors : RegistrationConfiguration()
        configuration.transform = transform
        if let seed { configuration.seed = seed }
        let fixedVolume = try VolumeInput.load(fixed)
        let movingVolume = try VolumeInput.load(moving)
        let result = try register(fixed: fixedVolume, moving: movingVolume, configuration: configuration)

        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try NIfTI.encode(result.resampledMoving).write(to: folder.appendingPathComponent("moving_on_fixed.nii"), options: .atomic)
        try RasterImage(Self.checkerboard(fixedVolume, result.resampledMoving), window: 0...1)
            .writePNG(to: folder.appendingPathComponent("checkerboard.png"))
        let inverse = try result.transform.inverted()
        let report = Report(
            fixedToMoving: result.matrix4x4, movingToFixed: Self.matrix(inverse), finalMetric: result.finalMetric,
            iterations: result.iterations, stopReason: result.stopReason.rawValue, levels: result.levels,
            quality: result.quality, configuration: configuration)
        try writeJSON(report, to: folder.appendingPathComponent("registration.json").path)
        print("registered: metric \(String(format: "%.4f", result.finalMetric)), \(result.iterations) iterations; wrote \(out)")
    }

    struct Report: Encodable {
        let fixedToMoving: [Double]
        let movingToFixed: [Double]
        let finalMetric: Double
        let iterations: Int
        let stopReason: String
        let levels: [LevelReport]
        let quality: QualityReport
        let configuration: RegistrationConfiguration
    }

    /// Row-major 4×4 of y = A·x + (c + t − A·c).
    static func matrix(_ t: Imaging.AffineTransform) -> [Double] {
        let offset = t.apply(to: .zero)
        return (0..<3).flatMap { r in [t.matrix[r, 0], t.matrix[r, 1], t.matrix[r, 2], offset[r]] } + [0, 0, 0, 1]
    }

    /// The middle slice of `a` and `b` (same grid) in alternating 16-pixel squares, each image
    /// scaled to [0, 1] by its own 1st–99th percentile.
    static func checkerboard(_ a: Volume, _ b: Volume) -> Image2D {
        let size = a.geometry.size
        let z = size.z / 2
        let plane = size.x * size.y
        func scaled(_ v: Volume) -> [Float] {
            let slice = Array(v.voxels[(z * plane)..<((z + 1) * plane)])
            let sorted = slice.sorted()
            let (low, high) = (sorted[sorted.count / 100], sorted[sorted.count * 99 / 100])
            return slice.map { high > low ? min(max(($0 - low) / (high - low), 0), 1) : 0 }
        }
        let (left, right) = (scaled(a), scaled(b))
        var pixels = [Float](repeating: 0, count: plane)
        for y in 0..<size.y {
            for x in 0..<size.x {
                let index = y * size.x + x
                pixels[index] = (x / 16 + y / 16) % 2 == 0 ? left[index] : right[index]
            }
        }
        return Image2D(width: size.x, height: size.y, pixels: pixels)
    }
}

extension RegistrationConfiguration.TransformKind: ExpressibleByArgument {}
