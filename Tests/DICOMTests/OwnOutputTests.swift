import Foundation
import Testing

@testable import DICOM

/// Our outputs dropped back into an inbox are recognised and skipped, never re-ingested.
@Suite struct OwnOutputTests {
    @Test func writtenSeriesIsSkippedWhenScannedAgain() throws {
        let folder = try WriterFixtures.temporaryFolder("own-output")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try WriterFixtures.sources(in: folder)
        var provenance = WriterFixtures.provenance()
        provenance.deviceUID = MSLIdentity.deviceUID
        let outputs = folder.appendingPathComponent("outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let written = try DerivedImageSeriesWriter(
            kind: .ct, label: "MSL-CT", volume: WriterFixtures.ctVolume(), sources: sources, provenance: provenance
        ).write(to: outputs.path)

        let scan = try DirectoryScanner().scan(folder.path)
        #expect(scan.rejected.isEmpty)
        let index = SeriesIndex.build(from: scan.instances)
        #expect(index.skipped.count == written.instances.count)
        #expect(index.skipped.allSatisfy { $0.reason == .ownOutput })
        // The sources (CT and MR) remain; no series carries our Series Instance UID.
        #expect(index.allSubSeries.count == 2)
        #expect(!index.allSubSeries.contains { $0.key.seriesInstanceUID == written.seriesInstanceUID })
    }
}
