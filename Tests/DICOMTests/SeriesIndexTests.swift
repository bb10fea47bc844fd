import Testing

@testable import DICOM

@Suite struct SeriesIndexTests {
    @Test func groupsPatientsByIDAndIssuerThenStudiesThenSeries() {
        let a = SyntheticSeries.stack(count: 3)
        let b = SyntheticSeries.stack(count: 2, series: "1.2.826.0.9.4", seriesNumber: 2)
        var otherIssuer = SyntheticSeries.stack(count: 2, series: "1.2.826.0.9.5")
        for k in otherIssuer.indices { otherIssuer[k].issuerOfPatientID = "CLINIC" }
        var otherStudy = SyntheticSeries.stack(count: 2, series: "1.2.826.0.9.6")
        for k in otherStudy.indices { otherStudy[k].studyInstanceUID = "1.2.826.0.8" }
        let index = SeriesIndex.build(from: a + b + otherIssuer + otherStudy)
        #expect(
            index.patients.map(\.key) == [
                PatientKey(patientID: "P1", issuerOfPatientID: "CLINIC"),
                PatientKey(patientID: "P1", issuerOfPatientID: "HOSP"),
            ])
        let hospital = index.patients[1]
        #expect(hospital.studies.map(\.studyInstanceUID) == ["1.2.826.0.8", "1.2.826.0.9"])
        #expect(hospital.studies[1].series.map(\.seriesNumber) == [2, 3])  // SeriesNumber order
        #expect(hospital.studies[1].series.map { $0.subSeries[0].instances.count } == [2, 3])
        #expect(index.allSubSeries.count == 4)
        #expect(index.skipped.isEmpty)
    }

    @Test func theSameInstancesInAnyOrderGiveTheSameIndex() {
        let instances = SyntheticSeries.stack(count: 5) + SyntheticSeries.stack(count: 3, series: "1.2.826.0.9.4")
        #expect(SeriesIndex.build(from: instances) == SeriesIndex.build(from: instances.reversed()))
    }

    @Test func mixedOrientationsAreSplitWithTheTagNamed() {
        let axial = SyntheticSeries.stack(count: 4)
        let coronal = SyntheticSeries.stack(count: 3, column: SIMD3(0, 0, -1), firstNumber: 5)
        let series = SeriesIndex.build(from: coronal + axial).allSeries
        #expect(series.count == 1)
        #expect(series[0].subSeries.map(\.instances.count) == [4, 3])
        #expect(
            series[0].subSeries.map(\.splits) == [
                [SeriesSplit(reason: .orientation, value: "1\\0\\0\\0\\1\\0")],
                [SeriesSplit(reason: .orientation, value: "1\\0\\0\\0\\0\\-1")],
            ])
        #expect(
            series[0].splitSummary == [
                "split by (0020,0037) ImageOrientationPatient: 1\\0\\0\\0\\1\\0, 1\\0\\0\\0\\0\\-1 (2 sub-series)"
            ])
        #expect(series[0].subSeries.allSatisfy { GeometryGate().evaluate($0).decision == .accept })
    }

    @Test func orientationsWithinToleranceStayTogether() {
        var instances = SyntheticSeries.stack(count: 4)
        instances[2].imageOrientationRow = SIMD3(0.9999995, 0.0009, 0)  // 0.9e-3 < 1e-3 per cosine
        #expect(SeriesIndex.build(from: instances).allSubSeries.count == 1)
        instances[2].imageOrientationRow = SIMD3(0.999999, 0.0011, 0)
        #expect(SeriesIndex.build(from: instances).allSubSeries.count == 2)
    }

    @Test func echoesAreSplit() {
        var instances = SyntheticSeries.stack(count: 4) + SyntheticSeries.stack(count: 4, firstNumber: 5)
        for k in instances.indices { instances[k].echoNumbers = k < 4 ? "1" : "2" }
        let series = SeriesIndex.build(from: instances).allSeries[0]
        #expect(series.subSeries.map(\.label) == ["series 3 [echo 1]", "series 3 [echo 2]"])
        #expect(series.subSeries.map { $0.instances.compactMap(\.instanceNumber) } == [[1, 2, 3, 4], [5, 6, 7, 8]])
        #expect(series.splitSummary == ["split by (0018,0086) EchoNumbers: 1, 2 (2 sub-series)"])
    }

    @Test func imageSizesAndTemporalPositionsAreSplit() {
        var instances = SyntheticSeries.stack(count: 6)
        instances[5].rows = 16
        for k in instances.indices { instances[k].temporalPositionIdentifier = k % 2 + 1 }
        let subSeries = SeriesIndex.build(from: instances).allSubSeries
        #expect(
            subSeries.map(\.splits.description) == [
                "[size 8×6, temporal position 1]", "[size 8×6, temporal position 2]", "[size 16×6]",
            ])
    }

    @Test func acquisitionsSplitOnlyWhenPositionsRepeat() {
        // One acquisition number per slice (as some CT scanners write): no repeated position, no split.
        var distinct = SyntheticSeries.stack(count: 5)
        for k in distinct.indices { distinct[k].acquisitionNumber = k + 1 }
        #expect(SeriesIndex.build(from: distinct).allSubSeries.count == 1)
        // Two acquisitions over the same positions: split.
        var repeated = SyntheticSeries.stack(count: 5) + SyntheticSeries.stack(count: 5, firstNumber: 6)
        for k in 5..<10 { repeated[k].acquisitionNumber = 2 }
        let subSeries = SeriesIndex.build(from: repeated).allSubSeries
        #expect(
            subSeries.map(\.splits) == [
                [SeriesSplit(reason: .acquisition, value: "1")], [SeriesSplit(reason: .acquisition, value: "2")],
            ])
    }

    @Test func localizersAreSkippedWithTheReason() throws {
        var flagged = SyntheticSeries.instance(number: 99, position: SIMD3(0, 0, 0))
        flagged.imageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"]
        // A lone sagittal slice without the flag, mixed into an axial series.
        let scout = SyntheticSeries.instance(
            number: 98, position: SIMD3(0, -120, 40), row: SIMD3(0, 1, 0), column: SIMD3(0, 0, -1))
        let index = SeriesIndex.build(from: SyntheticSeries.stack(count: 6) + [flagged, scout])
        #expect(index.allSubSeries.count == 1)
        #expect(index.allSubSeries[0].instances.count == 6)
        #expect(index.skipped.map(\.reason) == [.orthogonalScout, .localizer])
        #expect(
            index.skipped[1].description
                == "series 3, InstanceNumber 99: skipped (localizer): (0008,0008) ImageType ORIGINAL\\PRIMARY\\LOCALIZER "
                + "contains LOCALIZER")
        #expect(
            index.skipped[0].detail
                == "a single slice with (0020,0037) ImageOrientationPatient 0\\1\\0\\0\\0\\-1 is orthogonal to the "
                + "series' 1\\0\\0\\0\\1\\0 (|n·n| = 0 ≤ 0.1)")
        let kept = SeriesIndex.build(
            from: SyntheticSeries.stack(count: 6) + [flagged], options: SeriesIndexOptions(skipLocalizers: false))
        #expect(kept.skipped.isEmpty)
    }

    @Test func ourOwnOutputsAreSkipped() {
        let own = "2.25.1234567890"
        var output = SyntheticSeries.stack(count: 3, series: "2.25.42")
        for k in output.indices { output[k].contributingDeviceUIDs = ["1.2.3.4.5", own] }
        let input = SyntheticSeries.stack(count: 3)
        let index = SeriesIndex.build(from: input + output, options: SeriesIndexOptions(ownDeviceUID: own))
        #expect(index.allSeries.map(\.key.seriesInstanceUID) == ["1.2.826.0.9.3"])
        #expect(index.skipped.count == 3)
        #expect(index.skipped.allSatisfy { $0.reason == .ownOutput })
        #expect(
            index.skipped[0].detail.hasPrefix(
                "ContributingEquipmentSequence (0018,A001) lists (0018,1002) DeviceUID 2.25.1234567890"))
        // Without our DeviceUID configured, nothing can be recognised.
        #expect(SeriesIndex.build(from: input + output).allSeries.count == 2)
    }

    @Test func imagesWithoutPixelsAreSkipped() {
        var instances = SyntheticSeries.stack(count: 3)
        instances[1].rows = 0
        let index = SeriesIndex.build(from: instances)
        #expect(index.skipped.map(\.reason) == [.noPixels])
        #expect(index.allSubSeries[0].instances.count == 2)
    }
}
