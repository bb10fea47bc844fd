import Foundation
import Testing

@testable import DICOM

@Suite struct GeometryGateTests {
    let gate = GeometryGate()

    @Test func cleanAxialSeriesHasNoFindings() {
        let verdict = gate.evaluate(SyntheticSeries.stack(count: 10))
        #expect(verdict.findings.isEmpty)
        #expect(verdict.decision == .accept)
        #expect(abs(verdict.medianStepMM! - 2.5) < 1e-12)
        #expect(abs(verdict.measuredTiltDegrees!) < 1e-9)
        #expect(verdict.normal == SIMD3(0, 0, 1))
        #expect(verdict.slices.map(\.instance.instanceNumber) == Array(1...10).map { Optional($0) })
    }

    @Test func slicesSortByPositionNotInstanceNumber() {
        var instances = SyntheticSeries.stack(count: 8)
        let numbers = [5, 2, 8, 1, 7, 3, 6, 4]  // InstanceNumber unrelated to position
        for k in instances.indices { instances[k].instanceNumber = numbers[k] }
        let shuffled = [6, 0, 3, 7, 1, 5, 2, 4].map { instances[$0] }
        let verdict = gate.evaluate(shuffled)
        #expect(verdict.findings.isEmpty)
        #expect(verdict.slices.map(\.positionMM.z) == (0..<8).map { 40 + 2.5 * Double($0) })
        #expect(verdict.slices.map(\.instance.instanceNumber) == numbers.map { Optional($0) })
    }

    @Test func descendingPositionsAreSortedAscendingAlongTheNormal() {
        // Feet-first style: InstanceNumber 1 is the highest slice.
        let instances = SyntheticSeries.axial(atZ: [20, 17.5, 15, 12.5, 10])
        let verdict = gate.evaluate(instances)
        #expect(verdict.decision == .accept)
        #expect(verdict.slices.map(\.positionMM.z) == [10, 12.5, 15, 17.5, 20])
        #expect(verdict.slices.first?.instance.instanceNumber == 5)
    }

    @Test func duplicatePositionsSplitByAcquisitionNumber() throws {
        let first = SyntheticSeries.stack(count: 5)
        var second = SyntheticSeries.stack(count: 5, firstNumber: 6)
        for k in second.indices { second[k].acquisitionNumber = 2 }
        let verdict = gate.evaluate(first + second)
        let finding = try #require(verdict.findings(.duplicatePosition).first)
        #expect(finding.policy == .split)
        #expect(finding.tag == .imagePositionPatient)
        #expect(finding.observed == "10 slices at 5 position(s)")
        #expect(
            finding.message.hasPrefix(
                "InstanceNumber 1 and InstanceNumber 6 share the position 40.00 mm along the normal (distance 0 mm"))
        #expect(finding.message.hasSuffix("; (0020,0012) AcquisitionNumber separates them into 2 groups"))
        guard case .split(let tags, let groups) = verdict.decision else {
            Issue.record("expected a split, got \(verdict.decision)")
            return
        }
        #expect(tags == [.acquisitionNumber])
        #expect(groups.map { $0.compactMap(\.instanceNumber) } == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]])
        #expect(groups.allSatisfy { gate.evaluate($0).decision == .accept })
    }

    @Test func duplicatePositionsSplitByTemporalPositionWhenAcquisitionIsShared() {
        var first = SyntheticSeries.stack(count: 4)
        var second = SyntheticSeries.stack(count: 4, firstNumber: 5)
        for k in first.indices { first[k].temporalPositionIdentifier = 1 }
        for k in second.indices { second[k].temporalPositionIdentifier = 2 }
        let verdict = gate.evaluate(first + second)
        guard case .split(let tags, let groups) = verdict.decision else {
            Issue.record("expected a split, got \(verdict.decision)")
            return
        }
        #expect(tags == [.temporalPositionIdentifier])
        #expect(groups.count == 2)
    }

    @Test func duplicatePositionsThatNothingSeparatesAreRejected() throws {
        let instances = SyntheticSeries.stack(count: 5) + SyntheticSeries.stack(count: 5, firstNumber: 6)
        let verdict = gate.evaluate(instances)
        let finding = try #require(verdict.findings(.duplicatePosition).first)
        #expect(finding.policy == .reject)
        #expect(finding.severity == .error)
        #expect(
            finding.message.hasSuffix(
                "; neither (0020,0012) AcquisitionNumber nor (0020,0100) TemporalPositionIdentifier separates them"))
        #expect(verdict.decision == .reject)
    }

    @Test func missingSliceIsNamedAndRejected() throws {
        let verdict = gate.evaluate(
            SyntheticSeries.axial(atZ: [0, 2.5, 5, 7.5, 15, 17.5, 20], numbers: [1, 2, 3, 4, 7, 8, 9]))
        #expect(verdict.findings.map(\.code) == [.missingSlices])
        let finding = try #require(verdict.findings.first)
        #expect(finding.expected == "2.50 mm")
        #expect(finding.observed == "7.50 mm")
        #expect(finding.policy == .reject)
        #expect(
            finding.description
                == "2 position(s) missing between slice 3 (InstanceNumber 4) at 7.50 mm and slice 4 (InstanceNumber 7) "
                + "at 15.00 mm: step 7.50 mm ≈ 3 × the median 2.50 mm (rtol 1e-2) (0020,0032) ImagePositionPatient; "
                + "(0020,0013) InstanceNumber goes from 4 to 7; policy reject")
        #expect(verdict.decision == .reject)
    }

    /// Consecutive InstanceNumbers across a large step: nothing was lost, the scanner spaced the
    /// slices so (as the real GE head CT of the shared data does), so it is uneven spacing.
    @Test func aLargeStepWithConsecutiveInstanceNumbersIsUnevenSpacing() throws {
        let verdict = gate.evaluate(SyntheticSeries.axial(atZ: [0, 2.5, 5, 7.5, 15, 17.5, 20]))
        #expect(verdict.findings.map(\.code) == [.unevenSpacing])
        #expect(verdict.decision == .resample(because: [.unevenSpacing]))
    }

    @Test func aLargeStepThatIsNoWholeMultipleStillCountsAsMissingSlices() throws {
        // 2.6 × the median: never interpolated across silently as "uneven spacing".
        let verdict = gate.evaluate(
            SyntheticSeries.axial(atZ: [0, 1, 2, 3, 5.6, 6.6, 7.6], numbers: [1, 2, 3, 4, 7, 8, 9]))
        #expect(verdict.findings.map(\.code) == [.missingSlices])
        let finding = try #require(verdict.findings.first)
        #expect(
            finding.message.hasPrefix(
                "2 position(s) missing between slice 3 (InstanceNumber 4) at 3.00 mm and slice 4 (InstanceNumber 7) at "
                    + "5.60 mm: step 2.60 mm is 2.6 × the median 1.00 mm, not a whole multiple within rtol 1e-2 "
                    + "(0020,0032) ImagePositionPatient"))
        #expect(verdict.decision == .reject)
    }

    @Test func unevenSpacingIsNamedAndResampled() throws {
        let verdict = gate.evaluate(SyntheticSeries.axial(atZ: [0, 1, 2, 3, 4.3, 5.3, 6.3]))
        #expect(verdict.findings.map(\.code) == [.unevenSpacing])
        let finding = try #require(verdict.findings.first)
        #expect(
            finding.message
                == "slice 4 (InstanceNumber 5) at 4.30 mm: step 1.30 mm differs from the median 1.00 mm by more than "
                + "rtol 0.01 (0020,0032) ImagePositionPatient")
        #expect(finding.tolerance == "rtol 1e-2 of the median step")
        #expect(finding.severity == .warning)
        #expect(verdict.decision == .resample(because: [.unevenSpacing]))
    }

    @Test func gantryTiltIsMeasuredFromPositions() throws {
        let tilt = 18.5
        let vector = 2.5 * SIMD3<Double>(0, 0, 1) + 2.5 * tan(tilt * .pi / 180) * SIMD3<Double>(0, 1, 0)
        var instances = SyntheticSeries.stack(count: 20, stepVector: vector)
        for k in instances.indices { instances[k].gantryDetectorTilt = 18.5 }
        let verdict = gate.evaluate(instances)
        #expect(abs(verdict.measuredTiltDegrees! - 18.5) <= 0.1)
        #expect(abs(verdict.medianStepMM! - 2.5) < 1e-9)  // the step along the normal, not along the bed
        #expect(verdict.findings.map(\.code) == [.gantryTilt])
        let finding = try #require(verdict.findings.first)
        #expect(finding.observed == "18.50°")
        #expect(finding.policy == .resample)
        #expect(finding.message.contains("each step shifts 0.84 mm along the column cosine and 0.00 mm along the row"))
        #expect(finding.message.hasSuffix("; (0018,1120) GantryDetectorTilt = 18.5"))
        #expect(verdict.decision == .resample(because: [.gantryTilt]))
    }

    @Test func tiltTagIsNeverTrustedAlone() throws {
        // The tag says 0 on tilted positions, then 18.5 on straight positions: positions win both times.
        let vector = SIMD3<Double>(0, 2.5 * tan(18.5 * .pi / 180), 2.5)
        var tilted = SyntheticSeries.stack(count: 6, stepVector: vector)
        for k in tilted.indices { tilted[k].gantryDetectorTilt = 0 }
        let first = gate.evaluate(tilted)
        #expect(first.findings.map(\.code) == [.gantryTilt, .gantryTiltTagDisagrees])
        #expect(first.findings[1].expected == "18.50°")
        #expect(first.findings[1].observed == "0")
        var straight = SyntheticSeries.stack(count: 6)
        for k in straight.indices { straight[k].gantryDetectorTilt = 18.5 }
        let second = gate.evaluate(straight)
        #expect(second.findings.map(\.code) == [.gantryTiltTagDisagrees])
        #expect(second.findings[0].severity == .info)
        #expect(second.decision == .accept)
    }

    @Test func mixedSlopesAreReportedAndAllowed() throws {
        var instances = SyntheticSeries.stack(count: 10)
        instances[3].rescaleSlope = 2.5
        instances[7].rescaleSlope = 0.5
        let verdict = gate.evaluate(instances)
        #expect(verdict.decision == .accept)
        let finding = try #require(verdict.findings.first)
        #expect(verdict.findings.count == 1)
        #expect(finding.code == .mixedRescale)
        #expect(finding.tag == .rescaleSlope)
        #expect((finding.expected, finding.observed) == ("1/-1024", "2.5/-1024"))
        #expect((finding.severity, finding.policy) == (.info, .report))
        #expect(
            finding.message.contains("InstanceNumber 4 has 2.5/-1024, InstanceNumber 1 has 1/-1024 (3 distinct pairs"))
    }

    @Test func nonHURescaleTypeOnCTIsFlagged() {
        var instances = SyntheticSeries.stack(count: 3)
        instances[1].rescaleType = "US"
        let verdict = gate.evaluate(instances)
        #expect(verdict.findings.map(\.code) == [.rescaleTypeNotHU])
        #expect(verdict.findings.first?.observed == "US")
        #expect(verdict.decision == .accept)
    }

    @Test func frameOfReferenceMissingIsAWarningAndMixedIsRejected() {
        var missing = SyntheticSeries.stack(count: 4)
        for k in missing.indices { missing[k].frameOfReferenceUID = nil }
        let first = gate.evaluate(missing)
        #expect(first.findings.map(\.code) == [.missingFrameOfReference])
        #expect(first.findings.first?.severity == .warning)
        #expect(first.decision == .accept)
        var mixed = SyntheticSeries.stack(count: 4)
        mixed[2].frameOfReferenceUID = "1.2.826.0.9.100"
        let second = gate.evaluate(mixed)
        #expect(second.findings.map(\.code) == [.inconsistentFrameOfReference])
        #expect(second.decision == .reject)
    }

    @Test func inconsistentSizeRejectsByDefaultAndSplitsOnRequest() throws {
        var instances = SyntheticSeries.stack(count: 5)
        instances[2].rows = 16
        let verdict = gate.evaluate(instances)
        let finding = try #require(verdict.findings.first)
        #expect(
            (finding.code, finding.tag, finding.expected, finding.observed) == (
                .inconsistentImageSize, .rows, "8×6", "16×6"
            ))
        #expect(verdict.decision == .reject)
        var policies = GeometryPolicies()
        policies.imageSize = .split
        let split = GeometryGate(policies: policies).evaluate(instances)
        guard case .split(_, let groups) = split.decision else {
            Issue.record("expected a split, got \(split.decision)")
            return
        }
        #expect(groups.map(\.count) == [4, 1])
    }

    @Test func mixedOrientationInOneSetIsSplitByOrientation() {
        let axial = SyntheticSeries.stack(count: 4)
        let coronal = SyntheticSeries.stack(count: 3, column: SIMD3(0, 0, -1), firstNumber: 5)
        let verdict = gate.evaluate(axial + coronal)
        #expect(verdict.findings.map(\.code) == [.inconsistentOrientation])
        #expect(verdict.findings.first?.observed == "1\\0\\0\\0\\0\\-1")
        guard case .split(let tags, let groups) = verdict.decision else {
            Issue.record("expected a split, got \(verdict.decision)")
            return
        }
        #expect(tags == [.imageOrientationPatient])
        #expect(groups.map(\.count) == [4, 3])
    }

    @Test func multiFrameAndMissingPositionsAreRejectedWithAReason() {
        var multi = SyntheticSeries.stack(count: 1)
        multi[0].numberOfFrames = 40
        let first = gate.evaluate(multi)
        #expect(first.findings.map(\.code) == [.multiFrameGeometry])
        #expect(first.findings[0].message.hasSuffix("enhanced multi-frame geometry comes later"))
        #expect(first.decision == .reject)
        var unplaced = SyntheticSeries.stack(count: 3)
        unplaced[1].imagePositionPatient = nil
        let second = gate.evaluate(unplaced)
        #expect(second.findings.map(\.code) == [.missingAttribute])
        #expect(
            second.findings[0].message
                == "1 of 3 slices lack a valid (0020,0032) ImagePositionPatient (first: InstanceNumber 2): "
                + "they cannot be placed in space")
        #expect(second.decision == .reject)
    }

    @Test func policiesThatCannotApplyActAsRejectAndAreListed() {
        var policies = GeometryPolicies()
        #expect(policies.validate().isEmpty)
        policies.gantryTilt = .split
        #expect(policies.validate() == ["geometry policy gantryTilt = split is not one of resample, reject"])
        #expect(policies.effective(for: .gantryTilt) == .reject)
        let vector = SIMD3<Double>(0, 1, 2.5)
        let verdict = GeometryGate(policies: policies).evaluate(SyntheticSeries.stack(count: 4, stepVector: vector))
        #expect(verdict.decision == .reject)
    }

    @Test func findingsAndPoliciesRoundTripThroughJSON() throws {
        let finding = try #require(gate.evaluate(SyntheticSeries.axial(atZ: [0, 1, 2, 3.3, 4.3])).findings.first)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try #require(String(data: try encoder.encode(finding), encoding: .utf8))
        #expect(json.contains("\"code\":\"uneven_spacing\""))
        #expect(json.contains("\"tag\":{\"keyword\":\"ImagePositionPatient\",\"tag\":\"(0020,0032)\"}"))
        #expect(try JSONDecoder().decode(GeometryFinding.self, from: try encoder.encode(finding)) == finding)
        let policies = try JSONDecoder().decode(GeometryPolicies.self, from: Data(#"{"gantry_tilt":"reject"}"#.utf8))
        #expect(policies.gantryTilt == .reject)
        #expect(policies.unevenSpacing == .resample)
    }
}
