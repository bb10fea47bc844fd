import Foundation
import Imaging
import Testing

@testable import DICOM

/// The same inputs and parameters write byte-identical files; any parameter change gives new UIDs
/// (`clinical-conventions.md` §12).
@Suite struct WriterDeterminismTests {
    /// Every writer run once into `folder`: the written series, in a fixed order.
    static func writeAll(sources: SourceSeries, provenance: Provenance, into folder: URL, label: String = "MSL-CT")
        throws -> [WrittenSeries]
    {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var mapProvenance = provenance
        mapProvenance.mixing = .map(description: "alpha=0.01")
        return [
            try DerivedImageSeriesWriter(
                kind: .ct, label: label, volume: try WriterFixtures.ctVolume(), sources: sources, provenance: provenance
            ).write(to: folder.path),
            try DerivedImageSeriesWriter(
                kind: .mr, label: "MSL-MR", volume: try WriterFixtures.ctVolume(), sources: sources,
                provenance: provenance
            ).write(to: folder.path),
            try ParametricMapWriter(map: try WriterObjectTests.lambdaMap(), sources: sources, provenance: mapProvenance)
                .write(to: folder.path),
            try SpatialRegistrationWriter(
                fixed: sources.ct, moving: sources.mr, fixedToMoving: WriterObjectTests.registration,
                provenance: provenance
            ).write(to: folder.path),
            try EncapsulatedPDFWriter(pdf: WriterObjectTests.minimalPDF(), sources: sources, provenance: provenance)
                .write(to: folder.path),
        ]
    }

    /// Every UID of a run: series and instances.
    static func uids(_ run: [WrittenSeries]) -> [String] {
        run.flatMap { [$0.seriesInstanceUID] + $0.instances.map(\.sopInstanceUID) }
    }

    @Test func theSameInputsWriteByteIdenticalFiles() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            let first = try Self.writeAll(
                sources: sources, provenance: WriterFixtures.provenance(), into: output.appendingPathComponent("a"))
            let second = try Self.writeAll(
                sources: sources, provenance: WriterFixtures.provenance(), into: output.appendingPathComponent("b"))
            #expect(Self.uids(first) == Self.uids(second))
            #expect(first.map(\.seriesNumber) == second.map(\.seriesNumber))
            #expect(Set(Self.uids(first)).count == Self.uids(first).count, "every UID is distinct")
            for (a, b) in zip(first.flatMap(\.instances), second.flatMap(\.instances)) {
                let bytesA = try Data(contentsOf: URL(fileURLWithPath: a.path))
                let bytesB = try Data(contentsOf: URL(fileURLWithPath: b.path))
                #expect(bytesA == bytesB, "\(a.path) and \(b.path) differ")
            }
            // A re-run into the same folder replaces the files with the same bytes.
            let again = try Self.writeAll(
                sources: sources, provenance: WriterFixtures.provenance(), into: output.appendingPathComponent("a"))
            #expect(Self.uids(again) == Self.uids(first))
        }
    }

    /// A named change of one parameter.
    struct Change: Sendable, CustomTestStringConvertible {
        let name: String
        let apply: @Sendable (inout Provenance) -> Void
        var testDescription: String { name }
    }

    static let changes: [Change] = [
        Change(name: "lambda") { $0.mixing = .lambda(0.25) },
        Change(name: "version") { $0.algorithmVersion = "1.4.1" },
        Change(name: "model") { $0.modelSHA256 = String(repeating: "cd", count: 32) },
        Change(name: "banner") { $0.banner = "RESEARCH ONLY" },
        Change(name: "parameter") { $0.parameters["views"] = "32" },
        Change(name: "device UID") { $0.deviceUID = "2.25.1234567891" },
        Change(name: "registration UID") { $0.registrationInstanceUID = "2.25.1" },
        Change(name: "software versions") { $0.softwareVersions = ["msl 1.4.0", "torch-free"] },
    ]

    @Test(arguments: changes)
    func anyParameterChangeGivesNewUIDs(_ change: Change) throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            let base = WriterFixtures.provenance()
            var changed = base
            change.apply(&changed)
            let image = { (p: Provenance, folder: String) throws -> WrittenSeries in
                try FileManager.default.createDirectory(
                    at: output.appendingPathComponent(folder), withIntermediateDirectories: true)
                return try DerivedImageSeriesWriter(
                    kind: .ct, label: "MSL-CT", volume: try WriterFixtures.ctVolume(), sources: sources, provenance: p
                ).write(to: output.appendingPathComponent(folder).path)
            }
            let a = try image(base, "a")
            let b = try image(changed, "b")
            #expect(a.seriesInstanceUID != b.seriesInstanceUID)
            #expect(Set(a.instances.map(\.sopInstanceUID)).isDisjoint(with: b.instances.map(\.sopInstanceUID)))
        }
    }

    @Test func otherSourcesOrLabelsGiveNewUIDs() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            let provenance = WriterFixtures.provenance()
            let write = { (s: SourceSeries, label: String, folder: String) throws -> String in
                let url = output.appendingPathComponent(folder)
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                return try DerivedImageSeriesWriter(
                    kind: .ct, label: label, volume: try WriterFixtures.ctVolume(), sources: s, provenance: provenance
                ).write(to: url.path).seriesInstanceUID
            }
            let all = try write(sources, "MSL-CT", "a")
            let ctOnly = try write(SourceSeries(ct: sources.ct), "MSL-CT", "b")
            let hybrid = try write(sources, "HYBRID", "c")
            #expect(Set([all, ctOnly, hybrid]).count == 3)
            // The order sources are listed in does not matter.
            let reversed = try write(SourceSeries(ct: sources.ct.reversed(), mr: sources.mr.reversed()), "MSL-CT", "d")
            #expect(reversed == all)
        }
    }

    @Test func contentDateTimeChangesBytesButNotUIDs() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            var dated = WriterFixtures.provenance()
            dated.contentDateTime = try DICOMDateTime(date: "20250101", time: "120000")
            let a = try Self.writeAll(
                sources: sources, provenance: WriterFixtures.provenance(), into: output.appendingPathComponent("a"))
            let b = try Self.writeAll(sources: sources, provenance: dated, into: output.appendingPathComponent("b"))
            #expect(Self.uids(a) == Self.uids(b))
            let file = try DICOMFile(path: b[0].instances[0].path)
            #expect(try file.string(AttributeTag.contentDate) == "20250101")
        }
    }

    @Test func registrationUIDIgnoresMixingAndModelButFollowsTheMatrix() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, _ in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            let base = SpatialRegistrationWriter(
                fixed: sources.ct, moving: sources.mr, fixedToMoving: WriterObjectTests.registration,
                provenance: WriterFixtures.provenance())
            var otherMix = base
            otherMix.provenance.mixing = .lambda(0.9)
            otherMix.provenance.modelSHA256 = String(repeating: "ef", count: 32)
            otherMix.provenance.registrationInstanceUID = nil
            var otherMatrix = base
            otherMatrix.fixedToMoving = Imaging.AffineTransform.translation(SIMD3(0, 0, 1))
            var otherVersion = base
            otherVersion.provenance.algorithmVersion = "2.0.0"
            #expect(otherMix.sopInstanceUID == base.sopInstanceUID)
            #expect(otherMatrix.sopInstanceUID != base.sopInstanceUID)
            #expect(otherVersion.sopInstanceUID != base.sopInstanceUID)
        }
    }

    @Test func seriesNumberIsDeterministicAndInItsRange() {
        let identity = OutputIdentity(inputs: ["1.2.3"], parameters: ["a": "b"], version: "1")
        #expect(
            identity.seriesNumber
                == OutputIdentity(inputs: ["1.2.3"], parameters: ["a": "b"], version: "1").seriesNumber)
        let numbers = (0..<200).map { OutputIdentity(inputs: ["\($0)"], parameters: [:], version: "1").seriesNumber }
        #expect(numbers.allSatisfy { (9000...9999).contains($0) })
        #expect(Set(numbers).count > 150, "numbers spread over the range")
    }
}
