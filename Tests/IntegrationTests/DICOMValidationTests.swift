import DICOM
import Foundation
import Imaging
import Testing

/// Every msl output object written from the real shared CT (`ct-head-gantry-tilt`, the first four slices
/// read into a small volume with `DICOMFile`) and three real MR slices made the same patient's with
/// `dcmodify`, then checked by the validators of `clinical-conventions.md` §20: `dciodvfy -new` (no errors,
/// only allow-listed or source-inherited warnings), `dcentvfy` over inputs and outputs, `dcm2niix` (one
/// volume per image series, no warnings but the allow-listed one), `dcmdump`, and the geometry and HU of
/// the outputs against intent.
@Suite(.enabled(if: DICOMValidationTools.toolsInstalled))
struct DICOMValidationTests {
    typealias Tools = DICOMValidationTools

    static let sharedDICOM = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/dicom")

    /// The inputs and every written object of one run, in a temporary folder.
    struct Scenario {
        let root: URL
        let ctPaths: [String]
        let mrPaths: [String]
        let volume: Volume
        let ct: WrittenSeries
        let mr: WrittenSeries
        let map: WrittenSeries
        let registration: WrittenSeries
        let report: WrittenSeries

        var outputs: [WrittenSeries] { [ct, mr, map, registration, report] }
        var outputPaths: [String] { outputs.flatMap { $0.instances.map(\.path) } }
        /// The reference source whose copied values may carry their own warnings.
        var reference: String { ctPaths[0] }
    }

    /// The first `count` CT slices as a volume: origin at slice 1, axes = row and column cosines and their
    /// normal, slice spacing = the distance between slices 1 and 2 along the normal. The gantry is tilted,
    /// so this grid is not the slices' own: the outputs say "Spatial resampling" and cite no CT slice.
    static func ctVolume(_ files: [DICOMFile]) throws -> Volume {
        let first = try files[0].metadata()
        let second = try files[1].metadata()
        let row = try #require(first.imageOrientationRow)
        let column = try #require(first.imageOrientationColumn)
        var normal = SIMD3(
            row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z,
            row.x * column.y - row.y * column.x)
        let step = ((try #require(second.imagePositionPatient)) - (try #require(first.imagePositionPatient)))
        var spacing = (step * normal).sum()
        if spacing < 0 {
            normal = -normal
            spacing = -spacing
        }
        let pixelSpacing = try #require(first.pixelSpacing)
        let geometry = try Geometry(
            size: SIMD3(first.columns, first.rows, files.count), originMM: try #require(first.imagePositionPatient),
            spacingMM: SIMD3(pixelSpacing.y, pixelSpacing.x, spacing),
            direction: Matrix3(columns: (row, column, normal)),
            frameOfReferenceUID: first.frameOfReferenceUID)
        return try Volume(geometry: geometry, voxels: try files.flatMap { try $0.pixels() })
    }

    static func provenance() throws -> Provenance {
        Provenance(
            algorithmVersion: "1.0.0", modelSHA256: String(repeating: "5a", count: 32), mixing: .lambda(0.3),
            deviceUID: "2.25.299792458", registrationInstanceUID: "2.25.314159",
            // The anonymised CT has no dates; Parametric Map and REG need Content Date/Time (Type 1).
            contentDateTime: try DICOMDateTime(date: "20260101", time: "080000"))
    }

    static func minimalPDF() -> [UInt8] {
        var body = "%PDF-1.4\n"
        var offsets: [Int] = []
        for object in [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
        ] {
            offsets.append(body.utf8.count)
            body += "\(offsets.count) 0 obj \(object) endobj\n"
        }
        let xref = body.utf8.count
        body += "xref\n0 4\n0000000000 65535 f \n"
        for offset in offsets { body += String(format: "%010d 00000 n \n", offset) }
        body += "trailer << /Size 4 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(body.utf8)
    }

    static func makeScenario() throws -> Scenario {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-validation-\(UUID().uuidString)")
        let mrFolder = root.appendingPathComponent("inputs-mr")
        try FileManager.default.createDirectory(at: mrFolder, withIntermediateDirectories: true)

        let ctPaths = try (1...4).map { k in
            let path = sharedDICOM.appendingPathComponent(String(format: "ct-head-gantry-tilt/%02d.dcm", k)).path
            try #require(FileManager.default.fileExists(atPath: path), "shared test data missing: \(path)")
            return path
        }
        let ctFiles = try ctPaths.map { try DICOMFile(path: $0) }
        let ct = try ctFiles.map { try $0.metadata() }
        let volume = try ctVolume(ctFiles)

        // Three real MR slices, made the CT patient's (another study and frame of reference).
        var mrPaths: [String] = []
        for k in 1...3 {
            let name = String(format: "N2D_%04d.dcm", k)
            let copy = mrFolder.appendingPathComponent(name)
            try FileManager.default.copyItem(
                at: sharedDICOM.appendingPathComponent("mr-head-t1-oblique/\(name)"), to: copy)
            mrPaths.append(copy.path)
        }
        // Patient attributes as the CT has them: same ID and name, no birth date, sex or other IDs, and the
        // CT's (invalid) de-identification statement, so that the inputs agree with each other.
        let modify = try Tools.run(
            "dcmodify",
            [
                "-nb", "-m", "(0010,0020)=\(ct[0].patientID ?? "")", "-m", "(0010,0010)=REMOVED", "-ea", "(0010,0030)",
                "-ea", "(0010,0040)", "-ea", "(0010,1000)", "-i", "(0012,0062)=YES", "-i", "(0012,0063)=",
            ] + mrPaths)
        try #require(modify.status == 0, "dcmodify: \(modify.output)")
        let mr = try mrPaths.map { try DICOMFile(path: $0).metadata() }

        let provenance = try provenance()
        let sources = SourceSeries(ct: ct, mr: mr)
        func folder(_ name: String) throws -> String {
            let url = root.appendingPathComponent("out-\(name)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url.path
        }
        let ctSeries = try DerivedImageSeriesWriter(
            kind: .ct, label: "MSL-CT", volume: volume, sources: sources, provenance: provenance
        ).write(to: folder("ct"))
        var mrVolume = volume
        mrVolume.voxels = volume.voxels.map { max(0, $0 + 1024) * 0.75 }
        let mrSeries = try DerivedImageSeriesWriter(
            kind: .mr, label: "MSL-MR", volume: mrVolume, sources: sources, provenance: provenance
        ).write(to: folder("mr"))
        var lambda = volume
        lambda.voxels = volume.voxels.map { min(1, max(0, ($0 + 1000) / 2000)) }
        var mapProvenance = provenance
        mapProvenance.mixing = .map(description: "alpha=0.01")
        let map = try ParametricMapWriter(map: lambda, sources: sources, provenance: mapProvenance)
            .write(to: folder("map"))
        let registration = try SpatialRegistrationWriter(
            fixed: ct, moving: mr,
            fixedToMoving: Imaging.AffineTransform(
                eulerAnglesRadians: SIMD3(0.02, -0.01, 0.05), translationMM: SIMD3(2, -3, 4.5)),
            provenance: provenance
        ).write(to: folder("reg"))
        let report = try EncapsulatedPDFWriter(pdf: minimalPDF(), sources: sources, provenance: provenance)
            .write(to: folder("pdf"))
        return Scenario(
            root: root, ctPaths: ctPaths, mrPaths: mrPaths, volume: volume, ct: ctSeries, mr: mrSeries, map: map,
            registration: registration, report: report)
    }

    static func withScenario(_ body: (Scenario) throws -> Void) throws {
        let scenario = try makeScenario()
        defer { try? FileManager.default.removeItem(at: scenario.root) }
        try body(scenario)
    }

    @Test func dciodvfyFindsNoErrorsAndOnlyAllowedWarnings() throws {
        try Self.withScenario { s in
            let expected = [
                (s.ct, "CTImage"), (s.mr, "MRImage"), (s.map, "ParametricMap"),
                (s.registration, "SpatialRegistration"), (s.report, "EncapsulatedPDF"),
            ]
            for (series, iod) in expected {
                for instance in series.instances {
                    #expect(try Tools.iodName(instance.path) == iod, "\(instance.path)")
                    let problems = try Tools.dciodvfyProblems(instance.path, source: s.reference)
                    #expect(problems.isEmpty, "\(instance.path):\n\(problems.joined(separator: "\n"))")
                }
            }
        }
    }

    @Test func dcentvfyIsCleanOverInputsAndOutputs() throws {
        try Self.withScenario { s in
            let inputs = try Tools.run("dcentvfy", s.ctPaths + s.mrPaths)
            #expect(inputs.status == 0 && inputs.output.isEmpty, "the inputs themselves: \(inputs.output)")
            let problems = try Tools.dcentvfyProblems(s.ctPaths + s.mrPaths + s.outputPaths, reference: s.reference)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test func dcm2niixMakesOneVolumePerImageSeries() throws {
        try Self.withScenario { s in
            for (name, series) in [("ct", s.ct), ("mr", s.mr)] {
                let folder = URL(fileURLWithPath: series.instances[0].path).deletingLastPathComponent()
                let (volumes, problems, log) = try Tools.convert(
                    folder, into: s.root.appendingPathComponent("nii-\(name)"))
                #expect(volumes.count == 1, "\(name): \(volumes)\n\(log)")
                #expect(problems.isEmpty, "\(name): \(problems)")
                #expect(log.contains("(512x512x4x1)"), "\(name): \(log)")
            }
        }
    }

    @Test func dcmdumpParsesEveryFile() throws {
        try Self.withScenario { s in
            for path in s.outputPaths {
                let outcome = try Tools.run("dcmdump", ["-q", path])
                #expect(outcome.status == 0, "\(path): \(outcome.output)")
                #expect(!outcome.lines.contains { $0.hasPrefix("E:") || $0.hasPrefix("W:") }, "\(path)")
            }
        }
    }

    @Test func outputsHaveTheIntendedGeometryAndValues() throws {
        try Self.withScenario { s in
            let g = s.volume.geometry
            for (k, instance) in s.ct.instances.enumerated() {
                let file = try DICOMFile(path: instance.path)
                let m = try file.metadata()
                let p = g.physicalPoint(ofIndex: SIMD3(0, 0, k))
                let ipp = try #require(m.imagePositionPatient)
                #expect(max(abs(ipp.x - p.x), abs(ipp.y - p.y), abs(ipp.z - p.z)) <= 1e-6, "IPP of slice \(k)")
                #expect(m.imageOrientationRow == g.direction.column0 && m.imageOrientationColumn == g.direction.column1)
                #expect(m.pixelSpacing == SIMD2(g.spacingMM.y, g.spacingMM.x))
                #expect(abs((m.sliceThickness ?? 0) - g.spacingMM.z) <= 1e-9)
                #expect(m.frameOfReferenceUID == g.frameOfReferenceUID)
                let hu = try file.pixels()
                let expected = s.volume.voxels[(k * 512 * 512)..<((k + 1) * 512 * 512)]
                let worst = zip(hu, expected).map { abs($0 - $1) }.max() ?? .infinity
                #expect(worst <= 0.5, "HU round trip of slice \(k): \(worst)")
                #expect(m.contributingDeviceUIDs == ["2.25.299792458"])
            }
        }
    }
}
