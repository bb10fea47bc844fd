import Foundation
import Imaging
import Testing

@testable import DICOM

/// `SimulatedAcquisitionWriter`: a synthetic CT and MR study read back through the scanner, the index and
/// the loader (same geometry, same values), its attributes, byte-identical re-runs, ingestion like scanner
/// data (not skipped as msl's own output), and bad inputs refused before any file is written.
@Suite struct SimulatedAcquisitionWriterTests {
    typealias T = AttributeTag

    static func study() throws -> SyntheticStudy {
        SyntheticStudy(
            patient: SyntheticPatient(
                name: "PHANTOM^P0001", id: "P0001", issuerOfPatientID: "MSL-PHANTOM", birthDate: "19800229",
                sex: "O"),
            studyInstanceUID: "2.25.271828182845904523536", studyID: "PH0001", accessionNumber: "PHACC0001",
            description: "Synthetic head phantom", dateTime: try DICOMDateTime(date: "20250102", time: "093015"))
    }

    /// A rotation by `degrees` about z after one by 10° about x: an oblique, right-handed direction.
    static func obliqueDirection(degrees: Double) -> Matrix3 {
        let (a, b) = (degrees * .pi / 180, 10.0 * .pi / 180)
        let row = SIMD3(cos(a), sin(a), 0)
        let column = SIMD3(-sin(a) * cos(b), cos(a) * cos(b), sin(b))
        let normal = SIMD3(sin(a) * sin(b), -cos(a) * sin(b), cos(b))
        return Matrix3(columns: (row, column, normal))
    }

    /// 40 × 32 × 5 CT on an oblique grid: an integral HU ramp over −1000…2000, both ends included.
    static func ctVolume(frame: String? = "2.25.1001") throws -> Volume {
        let geometry = try Geometry(
            size: SIMD3(40, 32, 5), originMM: SIMD3(-95.5, -120.25, 42.75), spacingMM: SIMD3(0.7, 0.8, 2.5),
            direction: obliqueDirection(degrees: 20), frameOfReferenceUID: frame)
        var voxels = (0..<geometry.voxelCount).map { Float(-1000 + ($0 * 7) % 3001) }
        voxels[voxels.count - 1] = 2000
        return try Volume(geometry: geometry, voxels: voxels)
    }

    /// 32 × 32 × 4 MR, axial, in its own frame: fractional signal, one value below 0 and one above 65535.
    static func mrVolume() throws -> Volume {
        let geometry = try Geometry(
            size: SIMD3(32, 32, 4), originMM: SIMD3(-110, -105.5, 30), spacingMM: SIMD3(0.9, 0.95, 3),
            frameOfReferenceUID: "2.25.1002")
        var voxels = (0..<geometry.voxelCount).map { Float($0 % 1500) * 1.37 + 0.25 }
        voxels[5] = -3.2
        voxels[6] = 70000.4
        return try Volume(geometry: geometry, voxels: voxels)
    }

    static let mr = MRSpinEchoProtocol(
        repetitionTimeMS: 500, echoTimeMS: 15, magneticFieldStrengthT: 1.5, weighting: "T1")

    static func ctWriter(volume: Volume? = nil, seed: String = "phantom seed 7 CT") throws
        -> SimulatedAcquisitionWriter
    {
        SimulatedAcquisitionWriter(
            study: try study(), seriesNumber: 2, seriesDescription: "Head CT phantom", volume: try volume ?? ctVolume(),
            acquisition: .ct(kvp: 120, exposureMAs: 250.5, convolutionKernel: "H30s"), uidSeed: seed,
            fileNamePrefix: "ct")
    }

    static func mrWriter() throws -> SimulatedAcquisitionWriter {
        SimulatedAcquisitionWriter(
            study: try study(), seriesNumber: 5, seriesDescription: "T1 SE phantom", volume: try mrVolume(),
            acquisition: .mr(mr), uidSeed: "phantom seed 7 MR", fileNamePrefix: "mr")
    }

    /// Writes the CT and MR series into "ct" and "mr" below a fresh folder, runs `body`, removes it.
    static func withStudy<R>(_ body: (_ root: URL, _ ct: WrittenSeries, _ mr: WrittenSeries) throws -> R) throws -> R {
        let root = try WriterFixtures.temporaryFolder("simulated")
        defer { try? FileManager.default.removeItem(at: root) }
        let ct = root.appendingPathComponent("ct")
        let mr = root.appendingPathComponent("mr")
        try FileManager.default.createDirectory(at: ct, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: mr, withIntermediateDirectories: true)
        return try body(root, try ctWriter().write(to: ct.path), try mrWriter().write(to: mr.path))
    }

    /// The reason of a `writeFailed`, or a description of what happened instead.
    static func failure(_ body: () throws(DICOMError) -> WrittenSeries) -> String {
        do {
            let written = try body()
            return "no error: wrote \(written.instances.count) files"
        } catch {
            guard case .writeFailed(_, let reason) = error else { return "another error: \(error)" }
            return reason
        }
    }

    /// The value as `DICOMFile.string` reads it, but "" for an attribute present with an empty value.
    static func value(_ file: DICOMFile, _ tag: AttributeTag) throws -> String? {
        try file.string(tag) ?? (file.contains(tag) ? "" : nil)
    }

    static func maxDifference(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        let d = a - b
        return max(abs(d.x), abs(d.y), abs(d.z))
    }

    // MARK: - Round trip

    @Test func ctAndMRReadBackThroughIndexAndLoaderWithTheirGeometryAndValues() throws {
        try Self.withStudy { root, ct, mr in
            #expect(ct.instances.count == 5 && mr.instances.count == 4)
            #expect(ct.clippedVoxelCount == 0)
            #expect(mr.clippedVoxelCount == 2)
            let scan = try DirectoryScanner().scan(root.path)
            #expect(scan.rejected.isEmpty)
            let index = SeriesIndex.build(from: scan.instances)
            #expect(index.skipped.isEmpty, "\(index.skipped.map(\.detail))")
            #expect(index.patients.count == 1 && index.patients[0].studies.count == 1)
            #expect(index.allSubSeries.count == 2)

            let expectations: [(WrittenSeries, Volume, (Float) -> Float)] = [
                (ct, try Self.ctVolume(), { $0 }),
                (mr, try Self.mrVolume(), { min(65535, max(0, $0.rounded())) }),
            ]
            for (written, original, expected) in expectations {
                let series = try #require(
                    index.allSubSeries.first { $0.key.seriesInstanceUID == written.seriesInstanceUID })
                #expect(series.instances.count == written.instances.count)
                let loaded = try SeriesLoader().load(series)
                #expect(!loaded.isResampled)
                let (g, o) = (loaded.volume.geometry, original.geometry)
                #expect(g.size == o.size)
                #expect(g.frameOfReferenceUID == o.frameOfReferenceUID)
                #expect(Self.maxDifference(g.originMM, o.originMM) <= 1e-4)
                #expect(Self.maxDifference(g.spacingMM, o.spacingMM) <= 1e-4)
                for c in 0..<3 {
                    #expect(Self.maxDifference(g.direction.column(c), o.direction.column(c)) <= 1e-4)
                }
                let mismatches = zip(loaded.volume.voxels, original.voxels).filter { $0 != expected($1) }
                #expect(mismatches.isEmpty, "\(mismatches.count) voxels differ, e.g. \(mismatches.prefix(3))")
            }
        }
    }

    // MARK: - Attributes

    @Test func instancesCarryTheScannerLikeModules() throws {
        try Self.withStudy { _, ct, mr in
            let study = try Self.study()
            for (written, modality) in [(ct, "CT"), (mr, "MR")] {
                #expect(written.sopClassUID == DerivedImageSeriesWriter.Kind(rawValue: modality)?.sopClassUID)
                #expect(DICOMValueCheck.isUID(written.seriesInstanceUID))
                for (k, instance) in written.instances.enumerated() {
                    #expect(instance.instanceNumber == k + 1)
                    #expect(instance.path.hasSuffix("/\(modality.lowercased())-000\(k + 1).dcm"))
                    let file = try DICOMFile(path: instance.path)
                    let m = try file.metadata()
                    #expect(m.sopInstanceUID == instance.sopInstanceUID && m.sopClassUID == written.sopClassUID)
                    #expect(m.transferSyntaxUID == "1.2.840.10008.1.2.1")
                    #expect(m.modality == modality && m.seriesNumber == written.seriesNumber)
                    #expect(m.imageType == ["ORIGINAL", "PRIMARY", "AXIAL"])
                    #expect(m.studyInstanceUID == study.studyInstanceUID)
                    let values: [(AttributeTag, String?)] = [
                        (T.patientName, "PHANTOM^P0001"), (T.patientID, "P0001"), (T.issuerOfPatientID, "MSL-PHANTOM"),
                        (T.patientBirthDate, "19800229"), (T.patientSex, "O"), (T.studyID, "PH0001"),
                        (T.accessionNumber, "PHACC0001"), (T.studyDescription, "Synthetic head phantom"),
                        (T.referringPhysicianName, ""), (T.specificCharacterSet, nil),
                        (T.studyDate, "20250102"), (T.studyTime, "093015"), (T.seriesDate, "20250102"),
                        (T.seriesTime, "093015"), (T.contentDate, "20250102"), (T.contentTime, "093015"),
                        (T.acquisitionDate, "20250102"), (T.acquisitionTime, "093015"),
                        (T.patientPosition, "HFS"), (T.bodyPartExamined, "HEAD"), (T.positionReferenceIndicator, ""),
                        (T.manufacturer, "msl"), (T.manufacturerModelName, "msl phantom scanner"),
                        (T.institutionName, "msl synthetic phantoms"), (T.acquisitionNumber, "1"),
                        (T.imageComments, "Synthetic phantom generated by msl; not a patient"),
                        (T.burnedInAnnotation, "NO"), (T.photometricInterpretation, "MONOCHROME2"),
                    ]
                    for (tag, value) in values { #expect(try Self.value(file, tag) == value, "\(tag)") }
                    #expect(try file.string(T.deviceSerialNumber)?.isEmpty == false)
                    #expect(try file.string(T.softwareVersions)?.isEmpty == false)
                    #expect(m.bitsStored == 16 && m.pixelRepresentation == 0)
                    // Scanner data, not msl's output: no Contributing Equipment, no Device UID anywhere.
                    #expect(!file.contains(T.contributingEquipmentSequence) && !file.contains(T.deviceUID))
                    #expect(m.contributingDeviceUIDs.isEmpty)
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: instance.path))
                    #expect(bytes.range(of: Data(MSLIdentity.deviceUID.utf8)) == nil)
                }
            }
            let c = try DICOMFile(path: ct.instances[0].path)
            #expect(try c.string(T.rescaleIntercept) == "-1024" && c.string(T.rescaleSlope) == "1")
            #expect(try c.string(T.rescaleType) == "HU" && c.string(T.kvp) == "120")
            #expect(try c.string(T.exposure) == "251" && c.string(T.exposureInMicroAs) == "250500")
            #expect(try c.string(T.convolutionKernel) == "H30s")
            #expect(try c.string(T.windowCenter) == "40" && c.string(T.windowWidth) == "400")
            #expect(try c.storedValues().min() == 24)  // −1000 HU
            let r = try DICOMFile(path: mr.instances[0].path)
            #expect(!r.contains(T.rescaleSlope) && !r.contains(T.rescaleIntercept))
            let mrValues: [(AttributeTag, String)] = [
                (T.scanningSequence, "SE"), (T.sequenceVariant, "NONE"), (T.scanOptions, ""),
                (T.mrAcquisitionType, "2D"), (T.repetitionTime, "500"), (T.echoTime, "15"), (T.echoTrainLength, "1"),
                (T.magneticFieldStrength, "1.5"), (T.imagingFrequency, "63.866217"), (T.sliceThickness, "3"),
                // Stored 0…65535 (one voxel each clipped at both ends): the window covers them all.
                (T.windowCenter, "32768"), (T.windowWidth, "65536"),
            ]
            for (tag, value) in mrValues { #expect(try Self.value(r, tag) == value, "\(tag)") }
        }
    }

    @Test func nonASCIITextIsWrittenAsUTF8() throws {
        let folder = try WriterFixtures.temporaryFolder("simulated-utf8")
        defer { try? FileManager.default.removeItem(at: folder) }
        var writer = try Self.ctWriter()
        writer.study.patient.name = "FANTÔME^Zoë"
        let written = try writer.write(to: folder.path)
        let file = try DICOMFile(path: written.instances[0].path)
        #expect(try file.string(T.specificCharacterSet) == "ISO_IR 192")
        #expect(try file.string(T.patientName) == "FANTÔME^Zoë")
    }

    // MARK: - Determinism and ingestion

    @Test func theSameInputsWriteByteIdenticalFiles() throws {
        let root = try WriterFixtures.temporaryFolder("simulated-determinism")
        defer { try? FileManager.default.removeItem(at: root) }
        var runs: [[WrittenSeries]] = []
        for name in ["a", "b"] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            runs.append([try Self.ctWriter().write(to: folder.path), try Self.mrWriter().write(to: folder.path)])
        }
        let uids = runs.map { $0.flatMap { [$0.seriesInstanceUID] + $0.instances.map(\.sopInstanceUID) } }
        #expect(uids[0] == uids[1])
        #expect(Set(uids[0]).count == uids[0].count, "every UID is distinct")
        for (a, b) in zip(runs[0].flatMap(\.instances), runs[1].flatMap(\.instances)) {
            let bytesA = try Data(contentsOf: URL(fileURLWithPath: a.path))
            let bytesB = try Data(contentsOf: URL(fileURLWithPath: b.path))
            #expect(bytesA == bytesB, "\(a.path) and \(b.path) differ")
        }
        // Another seed: other UIDs.
        let other = root.appendingPathComponent("c")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let reseeded = try Self.ctWriter(seed: "phantom seed 8 CT").write(to: other.path)
        #expect(reseeded.seriesInstanceUID != runs[0][0].seriesInstanceUID)
        #expect(Set(reseeded.instances.map(\.sopInstanceUID)).isDisjoint(with: uids[0]))
    }

    @Test func seriesIndexIngestsThemLikeScannerDataBesideAnOwnOutput() throws {
        try Self.withStudy { root, ct, mr in
            // msl's own derived output of the same grid, in the same inbox: only that one is skipped.
            let sources = SourceSeries(
                ct: try ct.instances.map { try DICOMFile(path: $0.path).metadata() })
            var provenance = WriterFixtures.provenance()
            provenance.deviceUID = MSLIdentity.deviceUID
            provenance.contentDateTime = try DICOMDateTime(date: "20250102", time: "100000")
            let derivedFolder = root.appendingPathComponent("derived")
            try FileManager.default.createDirectory(at: derivedFolder, withIntermediateDirectories: true)
            let derived = try DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: try Self.ctVolume(), sources: sources, provenance: provenance
            ).write(to: derivedFolder.path)

            let index = SeriesIndex.build(from: try DirectoryScanner().scan(root.path).instances)
            #expect(index.skipped.count == derived.instances.count)
            #expect(index.skipped.allSatisfy { $0.reason == .ownOutput })
            let kept = Set(index.allSubSeries.map(\.key.seriesInstanceUID))
            #expect(kept == [ct.seriesInstanceUID, mr.seriesInstanceUID])
        }
    }

    // MARK: - Bad input

    enum BadInput: String, CaseIterable, Sendable {
        case nanVoxel, missingFrameOfReference, existingFile
    }

    @Test(arguments: BadInput.allCases)
    func badInputFailsNamingTheProblemAndWritesNothing(_ bad: BadInput) throws {
        let folder = try WriterFixtures.temporaryFolder("simulated-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        var writer = try Self.ctWriter()
        let expected: String
        switch bad {
        case .nanVoxel:
            var volume = try Self.ctVolume()
            volume.voxels[1234] = .nan
            writer.volume = volume
            expected = "1 non-finite voxels (NaN or infinite; first at index 1234)"
        case .missingFrameOfReference:
            writer.volume = try Self.ctVolume(frame: nil)
            expected = "no Frame of Reference UID"
        case .existingFile:
            try Data("not DICOM".utf8).write(to: folder.appendingPathComponent("ct-0003.dcm"))
            expected = "1 output file(s) already exist (\(folder.appendingPathComponent("ct-0003.dcm").path))"
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let reason = Self.failure { () throws(DICOMError) in try writer.write(to: folder.path) }
        #expect(reason.contains(expected), "\(reason)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == before)
    }

    @Test func everyProblemIsListedAtOnce() throws {
        let folder = try WriterFixtures.temporaryFolder("simulated-problems")
        defer { try? FileManager.default.removeItem(at: folder) }
        var volume = try Self.ctVolume(frame: "1.2.x")
        volume.voxels[0] = .infinity
        var study = try Self.study()
        study.patient.sex = "X"
        study.studyInstanceUID = "not a uid"
        study.accessionNumber = String(repeating: "A", count: 17)
        let writer = SimulatedAcquisitionWriter(
            study: study, seriesNumber: -1, seriesDescription: String(repeating: "d", count: 65), volume: volume,
            acquisition: .mr(
                MRSpinEchoProtocol(
                    repetitionTimeMS: 10, echoTimeMS: 20, magneticFieldStrengthT: 0, weighting: "T3")),
            uidSeed: "", fileNamePrefix: ".hidden")
        let reason = Self.failure { () throws(DICOMError) in try writer.write(to: folder.path) }
        for part in [
            "sex 'X'", "study instance UID 'not a uid'", "accession number", "Frame of Reference UID '1.2.x'",
            "non-finite", "series number -1", "series description", "repetition time 10",
            "magnetic field strength 0", "weighting 'T3'", "UID seed is empty", "file name prefix '.hidden'",
        ] {
            #expect(reason.contains(part), "\(part) missing from: \(reason)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
