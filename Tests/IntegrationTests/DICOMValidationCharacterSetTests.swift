import DICOM
import Foundation
import Imaging
import Testing

/// Patient names in non-Latin character sets, made with DCMTK's own tools, pass through msl's writers
/// unchanged (`clinical-conventions.md` §12, §20): a real CT slice relabelled "ISO_IR 192" (UTF-8) with
/// `dcmodify`, and a small CT image in "\ISO 2022 IR 87" (Japanese) made with `dump2dcm` from a text dump.
@Suite(.enabled(if: DICOMValidationTools.toolsInstalled))
struct DICOMValidationCharacterSetTests {
    typealias Tools = DICOMValidationTools

    static let patientName = AttributeTag(group: 0x0010, element: 0x0010, keyword: "PatientName")
    static let characterSet = AttributeTag(group: 0x0008, element: 0x0005, keyword: "SpecificCharacterSet")

    /// PS3.5 Annex H's example, in ISO 2022 IR 87 bytes (7-bit, JIS X 0208 between ESC $ B and ESC ( B).
    static let japaneseISO2022 =
        "Yamada^Tarou=\u{1B}$B;3ED\u{1B}(B^\u{1B}$BB@O:\u{1B}(B=\u{1B}$B$d$^$@\u{1B}(B^\u{1B}$B$?$m$&\u{1B}(B"

    /// One slice as a volume: its own grid, slice spacing = Slice Thickness.
    static func sliceVolume(_ file: DICOMFile) throws -> Volume {
        let m = try file.metadata()
        let row = try #require(m.imageOrientationRow)
        let column = try #require(m.imageOrientationColumn)
        let normal = SIMD3(
            row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z,
            row.x * column.y - row.y * column.x)
        let spacing = try #require(m.pixelSpacing)
        let geometry = try Geometry(
            size: SIMD3(m.columns, m.rows, 1), originMM: try #require(m.imagePositionPatient),
            spacingMM: SIMD3(spacing.y, spacing.x, m.sliceThickness ?? 1),
            direction: Matrix3(columns: (row, column, normal)), frameOfReferenceUID: m.frameOfReferenceUID)
        return try Volume(geometry: geometry, voxels: try file.pixels())
    }

    /// Writes a derived CT, a Parametric Map and a PDF from `source` into `folder`; returns their files.
    static func writeOutputs(from source: String, into folder: URL) throws -> [String] {
        let file = try DICOMFile(path: source)
        let sources = SourceSeries(ct: [try file.metadata()])
        let volume = try sliceVolume(file)
        let provenance = Provenance(
            algorithmVersion: "1.0.0", modelSHA256: String(repeating: "0f", count: 32), mixing: .lambda(0),
            deviceUID: "2.25.299792458", contentDateTime: try DICOMDateTime(date: "20260101", time: "080000"))
        var map = volume
        map.voxels = volume.voxels.map { _ in 0.5 }
        var outputs: [WrittenSeries] = []
        outputs.append(
            try DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: volume, sources: sources, provenance: provenance
            ).write(to: folder.path))
        outputs.append(
            try ParametricMapWriter(map: map, sources: sources, provenance: provenance).write(to: folder.path))
        outputs.append(
            try EncapsulatedPDFWriter(
                pdf: DICOMValidationTests.minimalPDF(), sources: sources, provenance: provenance
            ).write(to: folder.path))
        return outputs.flatMap { $0.instances.map(\.path) }
    }

    /// The stored bytes of Patient Name as dcmdump prints them (no character set conversion).
    static func dumpedName(_ path: String) throws -> String? {
        let outcome = try Tools.run("dcmdump", ["-q", "+P", "0010,0010", path])
        guard let line = outcome.lines.first, let open = line.firstIndex(of: "["),
            let close = line.lastIndex(of: "]")
        else { return nil }
        return String(line[line.index(after: open)..<close])
    }

    static func check(source: String, outputs: [String], expectedName: String, characterSet: String) throws {
        let sourceName = try DICOMFile(path: source).string(patientName)
        for output in outputs {
            let file = try DICOMFile(path: output)
            #expect(try file.string(Self.characterSet) == characterSet, "\(output)")
            #expect(try file.string(patientName) == sourceName, "\(output)")
            #expect(try file.string(patientName) == expectedName, "\(output)")
            #expect(try dumpedName(output) == dumpedName(source), "stored bytes of \(output)")
            let problems = try Tools.dciodvfyProblems(output, source: source)
            #expect(problems.isEmpty, "\(output):\n\(problems.joined(separator: "\n"))")
        }
        let entities = try Tools.dcentvfyProblems([source] + outputs, reference: source)
        #expect(entities.isEmpty, "\(entities.joined(separator: "\n"))")
    }

    @Test func utf8NamesOfARealCTSliceAreCopiedUnchanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msl-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("source.dcm")
        try FileManager.default.copyItem(
            at: DICOMValidationTests.sharedDICOM.appendingPathComponent("ct-head-gantry-tilt/01.dcm"), to: source)
        let name = "Müller^Jörg=山田^太郎"
        let modify = try Tools.run(
            "dcmodify", ["-nb", "-m", "(0008,0005)=ISO_IR 192", "-m", "(0010,0010)=\(name)", source.path])
        try #require(modify.status == 0, "dcmodify: \(modify.output)")
        let out = try folder.appendingPathComponent("out", isDirectory: true).creatingDirectory()
        let outputs = try Self.writeOutputs(from: source.path, into: out)
        try Self.check(source: source.path, outputs: outputs, expectedName: name, characterSet: "ISO_IR 192")
    }

    @Test func japaneseISO2022NamesFromDump2dcmAreCopiedUnchanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msl-jis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dump = folder.appendingPathComponent("source.txt")
        let source = folder.appendingPathComponent("source.dcm")
        let lines = [
            "(0008,0005) CS [\\ISO 2022 IR 87]", "(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]",
            "(0008,0016) UI =CTImageStorage", "(0008,0018) UI [1.2.826.0.1.3680043.8.498.77.1.1]",
            "(0008,0020) DA [20240131]", "(0008,0030) TM [101500]", "(0008,0050) SH [A1]", "(0008,0060) CS [CT]",
            "(0008,0070) LO [Fixture]", "(0008,0090) PN []", "(0010,0010) PN [\(Self.japaneseISO2022)]",
            "(0010,0020) LO [JP-1]", "(0010,0030) DA []", "(0010,0040) CS [M]", "(0018,0015) CS [HEAD]",
            "(0018,0050) DS [2]", "(0018,0060) DS [120]", "(0018,5100) CS [HFS]",
            "(0020,000d) UI [1.2.826.0.1.3680043.8.498.77.2]", "(0020,000e) UI [1.2.826.0.1.3680043.8.498.77.3]",
            "(0020,0010) SH [S1]", "(0020,0011) IS [1]", "(0020,0012) IS [1]", "(0020,0013) IS [1]",
            "(0020,0032) DS [-2\\-2\\10]", "(0020,0037) DS [1\\0\\0\\0\\1\\0]",
            "(0020,0052) UI [1.2.826.0.1.3680043.8.498.77.4]", "(0020,1040) LO []", "(0028,0002) US 1",
            "(0028,0004) CS [MONOCHROME2]", "(0028,0010) US 4", "(0028,0011) US 4", "(0028,0030) DS [1\\1]",
            "(0028,0100) US 16", "(0028,0101) US 16", "(0028,0102) US 15", "(0028,0103) US 1",
            "(0028,1052) DS [-1024]", "(0028,1053) DS [1]",
            "(7fe0,0010) OW " + (0..<16).map { String(format: "%04x", $0 * 100) }.joined(separator: "\\"),
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: dump)
        let made = try Tools.run("dump2dcm", ["--write-xfer-little", dump.path, source.path])
        try #require(made.status == 0, "dump2dcm: \(made.output)")
        // This DCMTK converts through glibc's iconv, which lacks ISO 2022 IR 87, so DICOMFile returns the
        // stored bytes; Foundation decodes them.
        let stored = try #require(try DICOMFile(path: source.path).string(Self.patientName))
        #expect(stored == Self.japaneseISO2022)
        #expect(String(data: Data(stored.utf8), encoding: .iso2022JP) == "Yamada^Tarou=山田^太郎=やまだ^たろう")
        let out = try folder.appendingPathComponent("out", isDirectory: true).creatingDirectory()
        let outputs = try Self.writeOutputs(from: source.path, into: out)
        try Self.check(source: source.path, outputs: outputs, expectedName: stored, characterSet: "\\ISO 2022 IR 87")
    }
}

extension URL {
    /// Creates the folder (and its parents) and returns it.
    fileprivate func creatingDirectory() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
