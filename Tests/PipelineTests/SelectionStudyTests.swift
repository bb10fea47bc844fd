import DICOM
import Foundation
import Phantom
import Testing

@testable import Pipeline

/// The default rules on real files: the shared CT and MR corpora, and phantom studies written by `PhantomStudy`.
@Suite struct SelectionStudyTests {
    static func index(_ folders: [String]) throws -> SeriesIndex {
        var instances: [InstanceMetadata] = []
        for folder in folders {
            instances += try DirectoryScanner().scan(try PipelineTestPaths.sharedDICOM(folder)).instances
        }
        return SeriesIndex.build(from: instances)
    }

    static func select(_ index: SeriesIndex) throws -> SeriesSelection {
        try SeriesSelector.select(from: index, configuration: SelectionConfiguration())
    }

    /// GE head CT, 18.5° gantry tilt, slices of 4 and 7 mm, no SeriesDescription: the CT rule takes it.
    @Test func theGantryTiltedCTIsSelectedAlone() throws {
        let selection = try Self.select(try Self.index(["ct-head-gantry-tilt"]))
        let ct = try #require(selection.ct)
        #expect(ct.instances.count == 28 && ct.seriesNumber == 2)
        #expect(selection.mr == nil && selection.isSingleModality)
        let entry = try #require(selection.explanation.entries.first)
        #expect(entry.facts.plane?.orientation == .oblique)
        #expect(abs((entry.facts.plane?.degreesFromNearestPlane ?? 0) - 18.5) < 0.1)
        #expect(entry.facts.thicknessMM == 5.5 && entry.facts.thicknessSpreadMM == 4...7)
        #expect(entry.mr == .rejected(["modality CT is not one of MR"]))
        let text = selection.explanation.text
        #expect(
            text.contains(
                "series 2 · CT · (no description) · 28 slices · 5.5 mm (median of 4–7) · "
                    + "oblique (18.5° from axial)"), "\(text)")
        #expect(text.contains("outcome: CT series 2 selected; no MR matched (single-modality: CT only)"))
    }

    /// The public T1 (DERIVED\SECONDARY after conversion, slightly oblique, 384 slices of 0.67 mm).
    @Test func theRealT1IsSelectedAlone() throws {
        let selection = try Self.select(try Self.index(["mr-head-t1-oblique"]))
        let mr = try #require(selection.mr)
        #expect(mr.instances.count == 384)
        #expect(mr.instances.first?.seriesDescription == "anat-T1w")
        #expect(selection.ct == nil && selection.isSingleModality)
        #expect(selection.explanation.outcome == "MR series 401 selected; no CT matched (single-modality: MR only)")
    }

    /// The two corpora are two people: pairing them is refused, and neither PatientID is printed.
    @Test func theTwoCorporaTogetherAreRefusedAsDifferentPatients() throws {
        let index = try Self.index(["ct-head-gantry-tilt", "mr-head-t1-oblique"])
        #expect(index.patients.count == 2)
        let ids = index.patients.map(\.key.patientID)
        #expect(Set(ids) == ["QMNx85rKkkg", "02"])
        let error = #expect(throws: SelectionError.self) { try Self.select(index) }
        guard case .differentPatients(let candidates, _) = error else {
            Issue.record("expected differentPatients, got \(String(describing: error))")
            return
        }
        #expect(
            candidates.map(\.ct) == [["study 1 series 2"], []] || candidates.map(\.ct) == [[], ["study 2 series 2"]])
        var message = String(describing: error!)
        #expect(message.contains("the CT and the MR candidates belong to different patients"), "\(message)")
        // The hashed keys are the only patient reference; with them removed, no token is a PatientID.
        for key in index.patients.map(\.key.hashedLabel) {
            #expect(message.contains(key))
            message = message.replacingOccurrences(of: key, with: "")
        }
        let tokens = Set(message.split { !($0.isLetter || $0.isNumber || $0 == ".") }.map(String.init))
        for id in ids { #expect(!tokens.contains(id) && !message.contains("QMNx85rKkkg"), "\(id) in \(message)") }
    }

    /// A phantom study: CT and T1 MR of one patient.
    @Test func aPhantomStudyGivesItsCTAndMR() throws {
        let root = try PipelineTestPaths.temporaryFolder("selection-phantom")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try PhantomFixture.write(into: root, seed: 21)
        let selection = try Self.select(try PhantomFixture.index(folder))
        #expect(selection.ct?.instances.first?.seriesDescription == "Phantom CT head 2.5 mm")
        #expect(selection.mr?.instances.first?.seriesDescription == "Phantom MR T1 SE")
        #expect(selection.ct?.instances.count == 12 && selection.mr?.instances.count == 10)
        #expect(selection.patient == PatientKey(patientID: "P0001", issuerOfPatientID: "MSL-PHANTOM"))
        #expect(selection.explanation.outcome == "CT series 1 and MR series 2 selected")
    }

    /// The same patient scanned twice, once with a T1 and once with a T2 protocol: the T1 is the MR, and
    /// the explanation says why the T2 was not.
    @Test func theT1WinsOverATwoOfTheSamePatient() throws {
        let root = try PipelineTestPaths.temporaryFolder("selection-t1-t2")
        defer { try? FileManager.default.removeItem(at: root) }
        try PhantomFixture.write(into: root.appendingPathComponent("visit-1"), seed: 31, weighting: .t2)
        try PhantomFixture.write(into: root.appendingPathComponent("visit-2"), seed: 32, weighting: .t1)
        let index = try PhantomFixture.index(root.path)
        #expect(index.patients.count == 1 && index.patients[0].studies.count == 2)
        let selection = try Self.select(index)
        let mr = try #require(selection.mr)
        #expect(mr.instances.first?.seriesDescription == "Phantom MR T1 SE")
        let t2 = try #require(selection.explanation.entries.first { $0.facts.description == "Phantom MR T2 SE" })
        guard case .rejected(let reasons) = t2.mr else {
            Issue.record("the T2 was not rejected: \(t2.mr)")
            return
        }
        #expect(reasons.contains("description 'Phantom MR T2 SE' matches exclude pattern '*t2*'"))
        // Two CTs of the same size: one is chosen, the other outranked by it.
        let cts = selection.explanation.entries.filter { $0.facts.modality == "CT" }
        #expect(cts.count == 2 && cts.filter { $0.ct == .matched }.count == 1)
        #expect(cts.contains { $0.ct == .outranked(by: cts.first { $0.ct == .matched }?.label ?? "") })
        let text = selection.explanation.text
        #expect(text.contains("\(t2.label) · MR · \"Phantom MR T2 SE\""), "\(text)")
        #expect(text.contains("matches exclude pattern '*t2*'"))
        #expect(
            text.contains(
                "(prefer most_slices: 12 slices each; the same SeriesNumber, so SeriesInstanceUID order decides)"))
        #expect(!text.contains("P0001") && !text.contains("PHANTOM^"))
    }
}
