import DICOM
import Foundation
import Imaging
import Phantom
import Registration
import Testing

/// `msl phantom` end to end, on the template anatomy (Colin27 from mricron-data): the study it writes
/// passes the DICOM validators as scanner data would, and registering its MR onto its CT recovers the
/// known transform in truth.json within 1 mm. (The procedural head is too symmetric to pin rotations.)
@Suite(
    .enabled(if: DICOMValidationTools.toolsInstalled),
    .enabled(if: FileManager.default.fileExists(atPath: TemplateAtlas.Sources.standard.colin27)))
struct PhantomStudyTests {
    typealias Tools = DICOMValidationTools

    struct Study {
        let root: URL
        var subject: URL { root.appendingPathComponent("P0001") }
        func files(_ series: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: subject.appendingPathComponent(series).path).sorted()
                .map { subject.appendingPathComponent(series).appendingPathComponent($0).path }
        }
    }

    /// A small study: CT 128² × 1.8 mm, 60 slices of 3 mm; MR 112² × 2 mm, 45 slices of 4 mm.
    static let study: Study = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-phantom-\(UUID().uuidString)")
        let outcome = try! CommandLineTests.run([
            "phantom", "--out", root.path, "--seed", "31", "--lesions", "all",
            "--ct-matrix", "128", "--ct-pixel", "1.8", "--ct-slice", "3", "--ct-slices", "60",
            "--mr-matrix", "112", "--mr-pixel", "2", "--mr-slice", "4", "--mr-slices", "45",
        ])
        precondition(outcome.status == 0, "msl phantom failed: \(outcome.errors)")
        return Study(root: root)
    }()

    @Test func theStudyPassesTheValidators() throws {
        let s = Self.study
        let ct = try s.files("CT")
        let mr = try s.files("MR")
        #expect(ct.count == 60 && mr.count == 45)
        for (path, iod) in [(ct[0], "CTImage"), (ct[30], "CTImage"), (mr[0], "MRImage")] {
            let lines = try Tools.run("dciodvfy", ["-new", path]).lines
            #expect(try Tools.iodName(path) == iod)
            let problems = lines.filter { line in
                line.hasPrefix("Error")
                    || (line.hasPrefix("Warning")
                        && !SimulatedAcquisitionValidationTests.allowedWarnings.contains {
                            line.contains($0.pattern) && $0.iod == iod
                        })
            }
            #expect(problems.isEmpty, "\(path):\n\(problems.joined(separator: "\n"))")
        }
        let entities = try Tools.run("dcentvfy", ct + mr)
        #expect(entities.status == 0 && entities.output.isEmpty, "\(entities.output)")
        for (series, size) in [("CT", "(128x128x60x1)"), ("MR", "(112x112x45x1)")] {
            let (volumes, problems, log) = try Tools.convert(
                s.subject.appendingPathComponent(series), into: s.root.appendingPathComponent("nii-\(series)"))
            #expect(volumes.count == 1 && problems.isEmpty, "\(series): \(volumes) \(problems)")
            #expect(log.contains(size), "\(series): \(log)")
        }
        // The ground truth: a label map on the CT grid and the transform.
        let labels = try NIfTI.decode(Data(contentsOf: s.subject.appendingPathComponent("truth/labels.nii")))
        #expect(labels.size == SIMD3(128, 128, 60))
        #expect(Set(labels.voxels).isSuperset(of: [0, 4, 7, 8, 11]), "air, bone, GM, WM and tumour are labelled")
    }

    @Test func registrationRecoversTheKnownTransform() throws {
        let s = Self.study
        let truth = try JSONDecoder().decode(
            PhantomTruth.self, from: Data(contentsOf: s.subject.appendingPathComponent("truth.json")))
        func load(_ series: String) throws -> Volume {
            let scan = try DirectoryScanner().scan(s.subject.appendingPathComponent(series).path)
            let index = SeriesIndex.build(from: scan.instances)
            return try SeriesLoader().load(try #require(index.allSubSeries.first)).volume
        }
        let ct = try load("CT")
        let mr = try load("MR")
        #expect(ct.geometry.frameOfReferenceUID != mr.geometry.frameOfReferenceUID)
        let result = try register(fixed: ct, moving: mr, configuration: RegistrationConfiguration())
        // Error over a 120 × 140 × 120 mm box around the head in the CT frame (its corners and centre).
        let centre = truth.ctGeometry.centerMM
        var worst = 0.0
        var before = 0.0
        for corner in 0..<9 {
            let sign = SIMD3<Double>(corner & 1 == 0 ? -1 : 1, corner & 2 == 0 ? -1 : 1, corner & 4 == 0 ? -1 : 1)
            let p = corner == 8 ? centre : centre + sign * SIMD3(60, 70, 60)
            let d = result.transform.apply(to: p) - truth.ctToMR.apply(to: p)
            let b = p - truth.ctToMR.apply(to: p)
            worst = max(worst, (d * d).sum().squareRoot())
            before = max(before, (b * b).sum().squareRoot())
        }
        #expect(before > 5, "the CT and MR frames differ by more than 5 mm")
        #expect(worst < 1, "worst error \(worst) mm; metric \(result.finalMetric), \(result.stopReason)")
    }
}
