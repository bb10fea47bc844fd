import DICOM
import Foundation
import Testing

@testable import Pipeline

/// `SeriesSelector` on metadata built here: verdicts and their reasons, ranking, pairing by patient.
@Suite struct SelectionTests {
    typealias S = SyntheticInstances

    static func select(_ instances: [InstanceMetadata], _ configuration: SelectionConfiguration = .init()) throws
        -> SeriesSelection
    {
        try SeriesSelector.select(from: SeriesIndex.build(from: instances), configuration: configuration)
    }

    static func entry(_ explanation: SelectionExplanation, _ label: String) throws -> SelectionExplanation.Entry {
        try #require(explanation.entries.first { $0.label == label }, "no entry \(label)")
    }

    static func ct(series: String = "1.2.826.0.7.2", number: Int = 2, count: Int = 20) -> [InstanceMetadata] {
        S.series(seriesNumber: number, series: series, count: count)
    }

    static func mr(_ description: String, series: String, number: Int, count: Int = 20) -> [InstanceMetadata] {
        S.series(
            modality: "MR", description: description, imageType: ["ORIGINAL", "PRIMARY", "M", "ND"],
            seriesNumber: number,
            series: series, count: count, thicknessMM: 5)
    }

    @Test func aT1IsChosenOverAT2AndTheExplanationSaysWhy() throws {
        let instances =
            Self.ct() + Self.mr("Phantom MR T1 SE", series: "1.2.826.0.7.3", number: 3)
            + Self.mr("Phantom MR T2 SE", series: "1.2.826.0.7.4", number: 4, count: 40)
        let selection = try Self.select(instances)
        #expect(selection.ct?.seriesNumber == 2)
        #expect(selection.mr?.seriesNumber == 3)
        #expect(selection.patient == PatientKey(patientID: "P-7", issuerOfPatientID: "HOSPITAL"))
        #expect(!selection.isSingleModality)
        let t2 = try Self.entry(selection.explanation, "series 4")
        #expect(
            t2.mr
                == .rejected([
                    "description 'Phantom MR T2 SE' matches no include pattern ('*t1*', '*mprage*', '*spgr*', '*tfl*', "
                        + "'*bravo*', '*vibe*')",
                    "description 'Phantom MR T2 SE' matches exclude pattern '*t2*'",
                ]))
        #expect(t2.ct == .rejected(["modality MR is not one of CT"]))
        #expect(try Self.entry(selection.explanation, "series 3").mr == .matched)
        let text = selection.explanation.text
        #expect(text.contains("series 4 · MR · \"Phantom MR T2 SE\" · 40 slices · 5 mm · axial"), "\(text)")
        #expect(text.contains("matches exclude pattern '*t2*'"))
        #expect(text.contains("outcome: CT series 2 and MR series 3 selected"))
    }

    @Test func eachCriterionNamesTheRuleAndTheValue() throws {
        var rule = SeriesRule.defaultCT
        rule.minSlices = 30
        var configuration = SelectionConfiguration()
        configuration.ct = rule
        let secondary = S.series(
            description: "Dose Report", imageType: ["DERIVED", "SECONDARY"], seriesNumber: 5, series: "1.2.826.0.7.5",
            count: 27, thicknessMM: 7)
        let sagittal = S.series(
            seriesNumber: 6, series: "1.2.826.0.7.6", count: 40, row: S.sagittalRow, column: S.sagittalColumn)
        let unknown = S.series(seriesNumber: 7, series: "1.2.826.0.7.7", count: 40, thicknessMM: nil).map {
            var instance = $0
            instance.imagePositionPatient = nil
            return instance
        }
        let error = #expect(throws: SelectionError.self) {
            try Self.select(secondary + sagittal + unknown, configuration)
        }
        guard case .noCandidate(let explanation) = error else {
            Issue.record("expected noCandidate, got \(String(describing: error))")
            return
        }
        #expect(
            try Self.entry(explanation, "series 5").ct
                == .rejected([
                    "description 'Dose Report' matches exclude pattern '*dose*'",
                    "ImageType DERIVED\\SECONDARY lacks ORIGINAL",
                    "ImageType DERIVED\\SECONDARY contains SECONDARY",
                    "slice thickness 7 mm is outside slice_thickness_mm 0…6 mm",
                    "27 slices, fewer than min_slices 30",
                ]))
        #expect(
            try Self.entry(explanation, "series 6").ct
                == .rejected(["orientation sagittal is not one of axial, oblique"]))
        #expect(
            try Self.entry(explanation, "series 7").ct
                == .rejected(["slice thickness unknown (no SliceThickness and fewer than two slice positions)"]))
        #expect(explanation.outcome.contains("no sub-series matched"))
        #expect(String(describing: error).contains("no input series to process"))
    }

    @Test func thicknessFallsBackToSlicePositions() throws {
        let instances = S.series(count: 10, thicknessMM: nil)  // positions 3 mm apart
        let facts = SeriesFacts(try #require(SeriesIndex.build(from: instances).allSubSeries.first))
        #expect(facts.thicknessMM == 3 && facts.thicknessFromPositions)
        #expect(try Self.select(instances).ct != nil)
    }

    @Test func anImageTypeOnSomeInstancesIsCounted() throws {
        var instances = Self.ct(count: 10)
        for k in 0..<3 { instances[k].imageType = ["DERIVED", "PRIMARY", "AXIAL"] }
        #expect(throws: SelectionError.self) { try Self.select(instances) }
        let facts = SeriesFacts(try #require(SeriesIndex.build(from: instances).allSubSeries.first))
        #expect(
            SeriesRule.defaultCT.reasons(against: facts) == [
                "ImageType DERIVED\\PRIMARY\\AXIAL lacks ORIGINAL (3 of 10 instances)"
            ])
    }

    @Test(arguments: [
        (SeriesRule.Preference.mostSlices, 3),
        (.thinnest, 4),
        (.highestSeriesNumber, 5),
        (.lowestSeriesNumber, 3),
    ])
    func preferenceRanksTheMatches(prefer: SeriesRule.Preference, winner: Int) throws {
        let instances =
            S.series(seriesNumber: 3, series: "1.2.826.0.7.3", count: 40, thicknessMM: 2.5)
            + S.series(seriesNumber: 4, series: "1.2.826.0.7.4", count: 30, thicknessMM: 1)
            + S.series(seriesNumber: 5, series: "1.2.826.0.7.5", count: 20, thicknessMM: 5)
        var configuration = SelectionConfiguration()
        configuration.ct.prefer = prefer
        let selection = try Self.select(instances, configuration)
        #expect(selection.ct?.seriesNumber == winner)
        #expect(selection.mr == nil && selection.isSingleModality)
        let losers = selection.explanation.entries.filter { $0.facts.seriesNumber != winner }
        #expect(losers.count == 2 && losers.allSatisfy { $0.ct == .outranked(by: "series \(winner)") })
        #expect(selection.explanation.text.contains("outranked by series \(winner) (prefer \(prefer.rawValue): "))
    }

    @Test func tiesGoToTheLowerSeriesNumberThenTheUID() throws {
        let a = S.series(seriesNumber: 8, series: "1.2.826.0.7.9")
        let b = S.series(seriesNumber: 7, series: "1.2.826.0.7.8")
        let first = try Self.select(a + b)
        #expect(first.ct?.seriesNumber == 7)
        #expect(first.explanation.text.contains("20 slices each; the lower SeriesNumber wins, 7 against 8"))
        // Same number in two studies: the smaller SeriesInstanceUID wins, whatever the input order.
        let c = S.series(seriesNumber: 7, series: "1.2.826.0.9.1", study: "1.2.826.0.9")
        let d = S.series(seriesNumber: 7, series: "1.2.826.0.8.1", study: "1.2.826.0.8")
        for instances in [c + d, d + c] {
            let selection = try Self.select(instances)
            #expect(selection.ct?.key.seriesInstanceUID == "1.2.826.0.8.1")
            #expect(selection.explanation.entries.map(\.label) == ["study 1 series 7", "study 2 series 7"])
        }
    }

    @Test func aCTAndAnMRFromDifferentStudiesOfOnePatientPair() throws {
        let ct = S.series(series: "1.2.826.0.7.2", study: "1.2.826.0.7")
        let mr = Self.mr("T1 MPRAGE", series: "1.2.826.0.6.2", number: 2).map {
            var instance = $0
            instance.studyInstanceUID = "1.2.826.0.6"
            return instance
        }
        let selection = try Self.select(ct + mr)
        #expect(selection.ct?.key.studyInstanceUID == "1.2.826.0.7")
        #expect(selection.mr?.key.studyInstanceUID == "1.2.826.0.6")
    }

    @Test func candidatesOfDifferentPatientsAreRefusedWithoutTheirIdentifiers() throws {
        let secretID = "PID-SECRET-4711"
        let ct = S.series(patientID: secretID, issuer: "ISSUER-A")
        // The same PatientID from another issuer is another patient.
        let mr = Self.mr("T1 SE", series: "1.2.826.0.6.2", number: 3).map {
            var instance = $0
            instance.patientID = secretID
            instance.issuerOfPatientID = "ISSUER-B"
            instance.studyInstanceUID = "1.2.826.0.6"
            return instance
        }
        let error = #expect(throws: SelectionError.self) { try Self.select(ct + mr) }
        guard case .differentPatients(let candidates, let explanation) = error else {
            Issue.record("expected differentPatients, got \(String(describing: error))")
            return
        }
        let keys = [
            PatientKey(patientID: secretID, issuerOfPatientID: "ISSUER-A").hashedLabel,
            PatientKey(patientID: secretID, issuerOfPatientID: "ISSUER-B").hashedLabel,
        ]
        #expect(Set(candidates.map(\.patient)) == Set(keys))
        #expect(keys.allSatisfy { $0.count == 8 && $0.allSatisfy(\.isHexDigit) })
        let message = String(describing: error!)
        #expect(message.contains("the CT and the MR candidates belong to different patients"), "\(message)")
        #expect(message.contains("one patient's series per study folder"))
        for key in keys { #expect(message.contains("patient \(key)")) }
        for secret in [secretID, "ISSUER-A", "ISSUER-B"] {
            #expect(!message.contains(secret) && !explanation.text.contains(secret))
        }
    }

    @Test func aNonMatchingSeriesOfAnotherPatientDoesNotPreventPairing() throws {
        let stray = S.series(
            modality: "OT", description: "Screenshot", seriesNumber: 99, series: "1.2.826.0.5.1", study: "1.2.826.0.5",
            patientID: "OTHER")
        let selection = try Self.select(Self.ct() + stray)
        #expect(selection.ct?.seriesNumber == 2)
        #expect(selection.explanation.entries.count == 2)
    }

    @Test func theExplanationListsSkippedInstancesAndNoIdentifiers() throws {
        var instances = Self.ct()
        instances += S.series(
            imageType: ["ORIGINAL", "PRIMARY", "LOCALIZER"], seriesNumber: 1, series: "1.2.826.0.7.1", count: 3)
        let selection = try Self.select(instances)
        let text = selection.explanation.text
        #expect(selection.explanation.skipped == [.init(reason: .localizer, count: 3, series: ["series 1"])])
        #expect(text.contains("skipped instances:\n  localizer: 3 instances (series 1)"), "\(text)")
        #expect(text.contains("patient \(selection.patient.hashedLabel), study 1"))
        #expect(!text.contains("P-7") && !text.contains("HOSPITAL") && !text.contains("1.2.826"))
        #expect(text.hasSuffix("\n"))
    }

    @Test func anEmptyIndexHasNoCandidate() throws {
        let error = #expect(throws: SelectionError.self) { try Self.select([]) }
        #expect(String(describing: error!).contains("the folder holds no image series"))
    }
}
