import Testing

@testable import Daemon

/// Completeness decided at chosen moments: quiet time, structure (instance numbers, slice positions),
/// expected modalities, the study timeout and the forced start.
@Suite struct StudyCompletenessTests {
    var rules: DaemonConfiguration.Completeness {
        var rules = DaemonConfiguration.Completeness()
        rules.seriesQuietSeconds = 60
        rules.studyTimeoutSeconds = 900
        rules.studyForceSeconds = 5400
        return rules
    }

    func files(_ series: String, _ modality: String, count: Int, at time: Double, skip: Int? = nil, gapAt: Int? = nil) -> [FileRecord] {
        (1...count).filter { $0 != skip }.map { n in
            FileRecord(
                path: "/in/\(series)/\(n)", inbox: "/in", relativePath: "\(series)/\(n)", jobID: "j1", size: 1000, mtime: 0,
                sopInstanceUID: "1.\(n)", seriesKey: series, modality: modality, instanceNumber: n, frames: 1,
                positionMM: Double(n) * 3 + (gapAt.map { n >= $0 ? 6.0 : 0 } ?? 0), receivedAt: time)
        }
    }

    @Test func waitsForQuietThenStartsWhenExpectedSeriesAreWhole() {
        let study = files("ct", "CT", count: 10, at: 100) + files("mr", "MR", count: 8, at: 110)
        let judge = StudyCompleteness(rules)
        #expect(judge.judge(study, firstFileAt: 100, lastFileAt: 110, now: 169) == .waiting)
        #expect(judge.judge(study, firstFileAt: 100, lastFileAt: 110, now: 170) == .complete("expected series"))
    }

    @Test func aMissingModalityWaitsForTheStudyTimeout() {
        let study = files("ct", "CT", count: 10, at: 100)
        let judge = StudyCompleteness(rules)
        #expect(judge.judge(study, firstFileAt: 100, lastFileAt: 100, now: 999) == .waiting)
        #expect(judge.judge(study, firstFileAt: 100, lastFileAt: 100, now: 1000) == .complete("timeout"))
    }

    @Test func gapsInInstanceNumbersOrPositionsAreNotWhole() {
        #expect(StudyCompleteness.isWhole(files("s", "CT", count: 10, at: 0)))
        #expect(!StudyCompleteness.isWhole(files("s", "CT", count: 10, at: 0, skip: 5)))
        // Positions 3, 6, …, 12 then 21, 24, …: a hole of two slices although the numbers run on.
        #expect(!StudyCompleteness.isWhole(files("s", "CT", count: 10, at: 0, gapAt: 5)))
        let gapped = files("ct", "CT", count: 10, at: 100, skip: 4) + files("mr", "MR", count: 8, at: 100)
        let judge = StudyCompleteness(rules)
        #expect(judge.judge(gapped, firstFileAt: 100, lastFileAt: 100, now: 500) == .waiting)
        #expect(judge.judge(gapped, firstFileAt: 100, lastFileAt: 100, now: 1000) == .complete("timeout"))
    }

    @Test func aStudyStillReceivingIsForcedAfterTheForceTime() {
        let trickle = files("ct", "CT", count: 3, at: 5499) + files("mr", "MR", count: 3, at: 5499)
        let judge = StudyCompleteness(rules)
        #expect(judge.judge(trickle, firstFileAt: 0, lastFileAt: 5499, now: 5500) == .complete("forced"))
        #expect(judge.judge(trickle, firstFileAt: 200, lastFileAt: 5499, now: 5500) == .waiting)
    }
}
