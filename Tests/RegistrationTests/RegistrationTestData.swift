import Foundation
import Testing

@testable import Imaging
@testable import Registration

/// Shared test data: Colin27 T1 and the MNI CT template, decoded once and downsampled.
enum RegistrationTestData {
    /// Colin27 T1 (Debian mricron-data), uint8, 181×217×181, 1 mm.
    static let colinPath = "/usr/share/mricron/templates/ch2.nii.gz"

    /// The MNI CT template (Cormack units), 91×109×91, 2 mm, relative to the package root.
    static var ctTemplatePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data/templates/mni-ct-2mm/scct.nii").path
    }

    static var available: Bool {
        FileManager.default.fileExists(atPath: colinPath) && FileManager.default.fileExists(atPath: ctTemplatePath)
    }

    /// `gzip -dc path` (tests only: the library reads uncompressed NIfTI).
    static func gunzip(_ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return data
    }

    static let colin: Volume? = try? NIfTI.decode(gunzip(colinPath))
    static let ctTemplate: Volume? = try? NIfTI.decode(Data(contentsOf: URL(fileURLWithPath: ctTemplatePath)))

    /// Colin27 block-averaged to 4 mm (45×54×45).
    static let colin4mm: Volume? = colin.flatMap { try? ImagePyramid.shrink($0, by: 4) }

    /// `volume` with its grid carried by the rigid map G (same voxels, geometry moved): the anatomy at fixed
    /// point p now sits at G(p), so the true fixed → moving registration is G itself.
    static func moved(_ volume: Volume, by g: Imaging.AffineTransform) throws -> Volume {
        let geometry = volume.geometry
        let moved = try Geometry(
            size: geometry.size, originMM: g.apply(to: geometry.originMM), spacingMM: geometry.spacingMM,
            direction: g.matrix * geometry.direction, frameOfReferenceUID: geometry.frameOfReferenceUID)
        return try Volume(geometry: moved, voxels: volume.voxels)
    }

    /// Mean distance (mm) between T_true(p) and T_found(p) over the head voxels (Otsu mask) of `fixed`.
    static func targetRegistrationError(
        fixed: Volume, truth: Imaging.AffineTransform, found: Imaging.AffineTransform
    ) -> Double {
        let threshold = otsuThreshold(fixed.voxels)
        let g = fixed.geometry
        var sum = 0.0
        var count = 0
        for k in 0..<g.size.z {
            for j in 0..<g.size.y {
                for i in 0..<g.size.x where fixed[i, j, k] > threshold {
                    let p = g.physicalPoint(ofIndex: SIMD3(i, j, k))
                    let d = truth.apply(to: p) - found.apply(to: p)
                    sum += (d * d).sum().squareRoot()
                    count += 1
                }
            }
        }
        return sum / Double(max(count, 1))
    }

    /// A seeded random rigid map about `center`: rotation ≤ `maximumDegrees` about each axis, translation ≤
    /// `maximumMM` along each axis.
    static func randomRigid(
        seed: UInt64, maximumDegrees: Double, maximumMM: Double, center: SIMD3<Double>
    ) -> Imaging.AffineTransform {
        var rng = SplitMix64(seed: seed)
        func uniform(_ bound: Double) -> Double { (2 * rng.nextUnit() - 1) * bound }
        let angles = SIMD3(uniform(maximumDegrees), uniform(maximumDegrees), uniform(maximumDegrees)) * .pi / 180
        let t = SIMD3(uniform(maximumMM), uniform(maximumMM), uniform(maximumMM))
        return Imaging.AffineTransform(eulerAnglesRadians: angles, translationMM: t, centerMM: center)
    }
}
