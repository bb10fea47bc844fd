import DICOM
import Foundation
import Imaging
import Testing

/// A synthetic CT and MR study from `SimulatedAcquisitionWriter` checked by the validators of
/// `clinical-conventions.md` §20, as scanner data would be: `dciodvfy -new` finds no errors in either
/// IOD, `dcentvfy` finds the study's entities consistent across all its files, and `dcm2niix` makes one
/// volume per series.
@Suite(.enabled(if: DICOMValidationTools.toolsInstalled))
struct SimulatedAcquisitionValidationTests {
    typealias Tools = DICOMValidationTools

    /// dciodvfy warnings a simulated acquisition may carry, and why.
    static let allowedWarnings: [DICOMValidationTools.Allowed] = [
        .init(
            pattern: "</ImageType(0008,0008)[3]> - Unrecognized defined term = <AXIAL>",
            reason: "the brief fixes Image Type ORIGINAL\\PRIMARY\\AXIAL for both modalities, as CT scanners send; "
                + "value 3 of MR Image Type has defined (extensible) terms without AXIAL",
            iod: "MRImage")
    ]

    /// The written study: a 40 × 32 × 5 oblique CT and a 32 × 32 × 4 MR of one synthetic patient, each
    /// series in its own folder below `root`.
    struct Study {
        let root: URL
        let ct: WrittenSeries
        let mr: WrittenSeries
        var paths: [String] { (ct.instances + mr.instances).map(\.path) }
    }

    static func writeStudy() throws -> Study {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-simulated-\(UUID().uuidString)")
        let study = SyntheticStudy(
            patient: SyntheticPatient(
                name: "PHANTOM^P0042", id: "P0042", issuerOfPatientID: "MSL-PHANTOM", birthDate: "19750615", sex: "F"),
            studyInstanceUID: "2.25.314159265358979323846", studyID: "PH0042", accessionNumber: "PHACC0042",
            description: "Synthetic head phantom", dateTime: try DICOMDateTime(date: "20250301", time: "141500.25"))
        let (a, b) = (20.0 * .pi / 180, 10.0 * .pi / 180)
        let ctGeometry = try Geometry(
            size: SIMD3(40, 32, 5), originMM: SIMD3(-95.5, -120.25, 42.75), spacingMM: SIMD3(0.7, 0.8, 2.5),
            direction: Matrix3(
                columns: (
                    SIMD3(cos(a), sin(a), 0), SIMD3(-sin(a) * cos(b), cos(a) * cos(b), sin(b)),
                    SIMD3(sin(a) * sin(b), -cos(a) * sin(b), cos(b))
                )),
            frameOfReferenceUID: "2.25.1001")
        let ctVolume = try Volume(
            geometry: ctGeometry, voxels: (0..<ctGeometry.voxelCount).map { Float(-1000 + ($0 * 7) % 3001) })
        let mrGeometry = try Geometry(
            size: SIMD3(32, 32, 4), originMM: SIMD3(-110, -105.5, 30), spacingMM: SIMD3(0.9, 0.95, 3),
            frameOfReferenceUID: "2.25.1002")
        let mrVolume = try Volume(
            geometry: mrGeometry, voxels: (0..<mrGeometry.voxelCount).map { Float($0 % 1500) * 1.37 })
        func folder(_ name: String) throws -> String {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url.path
        }
        let ct = try SimulatedAcquisitionWriter(
            study: study, seriesNumber: 2, seriesDescription: "Head CT phantom", volume: ctVolume,
            acquisition: .ct(kvp: 120, exposureMAs: 250, convolutionKernel: "H30s"), uidSeed: "validation CT",
            fileNamePrefix: "ct"
        ).write(to: folder("ct"))
        let mr = try SimulatedAcquisitionWriter(
            study: study, seriesNumber: 5, seriesDescription: "T2 SE phantom", volume: mrVolume,
            acquisition: .mr(
                MRSpinEchoProtocol(
                    repetitionTimeMS: 4000, echoTimeMS: 100, magneticFieldStrengthT: 3, weighting: "T2")),
            uidSeed: "validation MR", fileNamePrefix: "mr"
        ).write(to: folder("mr"))
        return Study(root: root, ct: ct, mr: mr)
    }

    static func withStudy(_ body: (Study) throws -> Void) throws {
        let study = try writeStudy()
        defer { try? FileManager.default.removeItem(at: study.root) }
        try body(study)
    }

    @Test func dciodvfyFindsNoErrorsInEitherIOD() throws {
        try Self.withStudy { s in
            for (series, iod) in [(s.ct, "CTImage"), (s.mr, "MRImage")] {
                for instance in series.instances {
                    let lines = try Tools.run("dciodvfy", ["-new", instance.path]).lines
                    #expect(try Tools.iodName(instance.path) == iod, "\(instance.path)")
                    let problems = lines.filter { line in
                        if line.hasPrefix("Error") { return true }
                        guard line.hasPrefix("Warning") else { return false }
                        return !Self.allowedWarnings.contains { line.contains($0.pattern) && $0.iod == iod }
                    }
                    #expect(problems.isEmpty, "\(instance.path):\n\(problems.joined(separator: "\n"))")
                }
            }
        }
    }

    @Test func dcentvfyIsCleanOverTheWholeStudy() throws {
        try Self.withStudy { s in
            let outcome = try Tools.run("dcentvfy", s.paths)
            #expect(outcome.status == 0 && outcome.output.isEmpty, "\(outcome.output)")
        }
    }

    @Test func dcm2niixMakesOneVolumePerSeries() throws {
        try Self.withStudy { s in
            for (name, series, size) in [("ct", s.ct, "(40x32x5x1)"), ("mr", s.mr, "(32x32x4x1)")] {
                let folder = URL(fileURLWithPath: series.instances[0].path).deletingLastPathComponent()
                let (volumes, problems, log) = try Tools.convert(
                    folder, into: s.root.appendingPathComponent("nii-\(name)"))
                #expect(volumes.count == 1, "\(name): \(volumes)\n\(log)")
                #expect(problems.isEmpty, "\(name): \(problems)")
                #expect(log.contains(size), "\(name): \(log)")
            }
        }
    }
}
