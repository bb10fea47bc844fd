import DICOM
import Foundation
import Testing

/// Real MR files copied and altered with DCMTK's own `dcmodify`, then taken from folder to volume:
/// each kind of bad series gets its expected outcome, and bad files never stop the scan.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dcmodify")))
struct GeneratedSeriesTests {
    static let source = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/dicom/mr-head-t1-oblique")

    /// A temporary folder with the first `count` slices of the oblique T1 series.
    static func copySeries(count: Int = 12) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msl-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for k in 1...count {
            let name = String(format: "N2D_%04d.dcm", k)
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// Runs dcmodify (no backup files) on the given files.
    static func modify(_ arguments: [String], _ files: [URL]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dcmodify")
        process.arguments = ["-nb"] + arguments + files.map(\.path)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dcmodify \(arguments)")
    }

    static func file(_ folder: URL, _ k: Int) -> URL { folder.appendingPathComponent(String(format: "N2D_%04d.dcm", k)) }

    static func index(_ folder: URL) throws -> (SeriesIndex, DirectoryScanner.Result) {
        let scan = try DirectoryScanner().scan(folder.path)
        return (SeriesIndex.build(from: scan.instances), scan)
    }

    @Test func cleanCopyIsOneAcceptedVolume() throws {
        let folder = try Self.copySeries()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (index, _) = try Self.index(folder)
        let series = try #require(index.allSubSeries.first)
        #expect(index.allSubSeries.count == 1)
        #expect(GeometryGate().evaluate(series).decision == .accept)
        #expect(try SeriesLoader().load(series).volume.geometry.size.z == 12)
    }

    @Test func duplicateSliceIsRejectedWithItsFinding() throws {
        let folder = try Self.copySeries()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("N2D_dup.dcm")
        try FileManager.default.copyItem(at: Self.file(folder, 5), to: copy)
        try Self.modify(["-m", "(0008,0018)=1.2.826.0.1.3680043.9.9999.5", "-m", "(0020,0013)=99"], [copy])
        let (index, _) = try Self.index(folder)
        let verdict = GeometryGate().evaluate(try #require(index.allSubSeries.first))
        #expect(!verdict.findings(.duplicatePosition).isEmpty)
        #expect(verdict.decision == .reject)
    }

    @Test func missingSliceIsRejected() throws {
        let folder = try Self.copySeries()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: Self.file(folder, 6))
        let (index, _) = try Self.index(folder)
        let verdict = GeometryGate().evaluate(try #require(index.allSubSeries.first))
        #expect(!verdict.findings(.missingSlices).isEmpty)
        #expect(verdict.decision == .reject)
        #expect(throws: DICOMError.self) { try SeriesLoader().load(try #require(index.allSubSeries.first)) }
    }

    @Test func mixedOrientationSplitsTheSeries() throws {
        let folder = try Self.copySeries()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.modify(["-m", "(0020,0037)=1\\0\\0\\0\\1\\0"], (9...12).map { Self.file(folder, $0) })
        let (index, _) = try Self.index(folder)
        #expect(index.allSubSeries.count == 2)
        #expect(Set(index.allSubSeries.map(\.instances.count)) == [8, 4])
    }

    /// A slice with its own Rescale Slope: reported, and that slice's values scaled by its slope.
    @Test func mixedRescaleSlopesApplyPerSlice() throws {
        let folder = try Self.copySeries()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.modify(["-i", "(0028,1053)=2", "-m", "(0028,1053)=2", "-i", "(0028,1052)=0", "-m", "(0028,1052)=0"], [Self.file(folder, 7)])
        let (index, _) = try Self.index(folder)
        let series = try #require(index.allSubSeries.first)
        let verdict = GeometryGate().evaluate(series)
        #expect(!verdict.findings(.mixedRescale).isEmpty)
        let volume = try SeriesLoader().load(series).volume
        let stored = try DICOMFile(path: Self.file(folder, 7).path).storedValues()
        let slice = verdict.slices.firstIndex { $0.instance.path.hasSuffix("N2D_0007.dcm") }!
        let plane = volume.geometry.size.x * volume.geometry.size.y
        #expect(Array(volume.voxels[(slice * plane)..<((slice + 1) * plane)]) == stored.map { $0 * 2 })
    }

    /// Truncated, empty and text files next to a good series: each reported by name, the series intact.
    @Test func badFilesAreReportedAndTheRestIsRead() throws {
        let folder = try Self.copySeries()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: Self.file(folder, 3))
        try whole.prefix(whole.count / 2).write(to: folder.appendingPathComponent("truncated.dcm"))
        try Data().write(to: folder.appendingPathComponent("empty.dcm"))
        try Data("patient list\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try whole.write(to: folder.appendingPathComponent(".hidden.dcm"))
        try whole.write(to: folder.appendingPathComponent("incoming.dcm.part"))
        let (index, scan) = try Self.index(folder)
        #expect(scan.instances.count == 12)
        #expect(scan.rejected.count == 3)
        for name in ["truncated.dcm", "empty.dcm", "notes.txt"] {
            #expect(scan.rejected.contains { $0.description.contains("/\(name):") }, "\(name) reported")
        }
        #expect(scan.ignored.map { ($0 as NSString).lastPathComponent }.sorted() == [".hidden.dcm", "incoming.dcm.part"])
        #expect(index.allSubSeries.count == 1)
    }
}
