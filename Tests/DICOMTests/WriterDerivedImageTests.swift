import Foundation
import Imaging
import Testing

@testable import DICOM

/// `DerivedImageSeriesWriter` read back with `DICOMFile` (top level) and `DICOMDataset` (nested items):
/// every value equals what was intended.
@Suite struct WriterDerivedImageTests {
    typealias T = AttributeTag
    static let purpose = AttributeTag(group: 0x0040, element: 0xA170, keyword: "PurposeOfReferenceCodeSequence")

    /// Writes sources and an output folder, runs `body`, removes both.
    static func withFolders<R>(_ body: (_ sources: URL, _ output: URL) throws -> R) throws -> R {
        let root = try WriterFixtures.temporaryFolder("derived")
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = root.appendingPathComponent("sources")
        let output = root.appendingPathComponent("output")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        return try body(sources, output)
    }

    /// The (value, scheme, meaning) of every item of a code sequence.
    static func codes(_ d: DICOMDataset, _ sequence: AttributeTag, in path: DICOMDataset.ItemPath = .root) throws
        -> [CodedConcept]
    {
        try (0..<(d.itemCount(sequence, in: path) ?? 0)).map { i in
            let item = path.appending(sequence, item: i)
            return CodedConcept(
                value: try d.string(T.codeValue, in: item) ?? "",
                scheme: try d.string(T.codingSchemeDesignator, in: item) ?? "",
                meaning: try d.string(T.codeMeaning, in: item) ?? "")
        }
    }

    @Test func ctSeriesCarriesEveryIntendedValue() throws {
        try Self.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            let volume = try WriterFixtures.ctVolume()
            let provenance = WriterFixtures.provenance()
            let written = try DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: volume, sources: sources, provenance: provenance
            ).write(to: output.path)

            #expect(written.sopClassUID == "1.2.840.10008.5.1.4.1.1.2")
            #expect(written.instances.count == 4)
            #expect((9000...9999).contains(written.seriesNumber))
            #expect(written.clippedVoxelCount == 0)
            #expect(Set(written.instances.map(\.sopInstanceUID)).count == 4)
            #expect(DICOMValueCheck.isUID(written.seriesInstanceUID) && written.seriesInstanceUID.hasPrefix("2.25."))
            let reference = try DICOMFile(path: sources.ct[0].path)
            let g = volume.geometry
            for (k, instance) in written.instances.enumerated() {
                #expect(instance.path.hasSuffix("msl-ct-000\(k + 1).dcm"))
                let file = try DICOMFile(path: instance.path)
                let m = try file.metadata()
                #expect(m.sopClassUID == written.sopClassUID && m.sopInstanceUID == instance.sopInstanceUID)
                #expect(m.seriesInstanceUID == written.seriesInstanceUID && m.seriesNumber == written.seriesNumber)
                #expect(m.instanceNumber == k + 1 && m.modality == "CT")
                #expect(m.transferSyntaxUID == "1.2.840.10008.1.2.1")
                // Patient and study: verbatim from the reference source.
                for tag in DICOMDataset.copiedPatientAndStudy {
                    #expect(try file.string(tag) == reference.string(tag), "\(tag)")
                }
                // Geometry.
                #expect(m.frameOfReferenceUID == WriterFixtures.ctFrameUID)
                #expect(try file.string(T.positionReferenceIndicator) == "OM")
                let p = g.physicalPoint(ofIndex: SIMD3(0, 0, k))
                #expect((try #require(m.imagePositionPatient) - p).maxAbsoluteValue <= 1e-9)
                #expect((try #require(m.imageOrientationRow) - g.direction.column0).maxAbsoluteValue <= 1e-13)
                #expect((try #require(m.imageOrientationColumn) - g.direction.column1).maxAbsoluteValue <= 1e-13)
                #expect(m.pixelSpacing == SIMD2(0.9, 0.8))
                #expect(m.sliceThickness == 2.5)
                #expect(try file.doubles(T.spacingBetweenSlices) == [2.5])
                #expect(m.rows == 5 && m.columns == 6)
                // Values: HU within half a stored step.
                #expect(m.rescaleSlope == 1 && m.rescaleIntercept == 0 && m.rescaleType == "HU")
                #expect(m.pixelRepresentation == 1 && m.bitsStored == 16)
                let hu = try file.pixels()
                let expected = volume.voxels[(k * 30)..<((k + 1) * 30)]
                #expect(zip(hu, expected).allSatisfy { abs($0 - $1) <= 0.5 })
                // Provenance.
                #expect(m.imageType == ["DERIVED", "SECONDARY", "AXIAL"])
                #expect(m.seriesDescription == "NOT FOR DIAGNOSTIC USE MSL-CT lambda=0.5")
                let derivation = try #require(try file.string(T.derivationDescription))
                for part in [
                    "MSL 1.4.0", provenance.modelSHA256, "lambda=0.5", "registration REG 2.25.987654321",
                    "resampled", "NOT FOR DIAGNOSTIC USE",
                ] {
                    #expect(derivation.contains(part), "\(part) missing from \(derivation)")
                }
                #expect(derivation.count <= 1024)
                #expect(try file.string(T.burnedInAnnotation) == "NO")
                #expect(try file.string(T.contentDate) == "20240131" && file.string(T.contentTime) == "101500")
                #expect(m.contributingDeviceUIDs == [provenance.deviceUID])

                let d = try DICOMDataset(contentsOf: instance.path)
                #expect(try Self.codes(d, T.derivationCodeSequence) == [.spatialResampling, .mslReconstruction])
                let all = sources.all
                #expect(try d.itemCount(T.sourceImageSequence) == 7)
                for (i, source) in all.enumerated() {
                    let item = DICOMDataset.ItemPath.root.appending(T.sourceImageSequence, item: i)
                    #expect(try d.string(T.referencedSOPInstanceUID, in: item) == source.sopInstanceUID)
                    #expect(try d.string(T.referencedSOPClassUID, in: item) == source.sopClassUID)
                    #expect(try Self.codes(d, Self.purpose, in: item) == [.sourceImageForProcessing])
                }
                // The fixture's CT lies on the volume's grid: each slice cites its CT slice.
                #expect(try d.itemCount(T.referencedImageSequence) == 1)
                let referenced = DICOMDataset.ItemPath.root.appending(T.referencedImageSequence, item: 0)
                #expect(
                    try d.string(T.referencedSOPInstanceUID, in: referenced) == "\(WriterFixtures.ctSeriesUID).\(k + 1)"
                )
                let equipment = DICOMDataset.ItemPath.root.appending(T.contributingEquipmentSequence, item: 0)
                #expect(try d.string(T.manufacturer, in: equipment) == "msl")
                #expect(try d.string(T.manufacturerModelName, in: equipment) == "msl")
                #expect(try d.string(T.softwareVersions, in: equipment) == "msl 1.4.0")
                #expect(try d.string(T.deviceUID, in: equipment) == provenance.deviceUID)
                #expect(try Self.codes(d, Self.purpose, in: equipment) == [.processingEquipment])
                let scheme = DICOMDataset.ItemPath.root.appending(T.codingSchemeIdentificationSequence, item: 0)
                #expect(try d.string(T.codingSchemeDesignator, in: scheme) == "99MSL")
            }
        }
    }

    @Test func ctOnlyOnTheCTGridIsNotResampled() throws {
        try Self.withFolders { sourceFolder, output in
            let all = try WriterFixtures.sources(in: sourceFolder)
            let written = try DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: try WriterFixtures.ctVolume(), sources: SourceSeries(ct: all.ct),
                provenance: WriterFixtures.provenance()
            ).write(to: output.path)
            let d = try DICOMDataset(contentsOf: written.instances[2].path)
            #expect(try Self.codes(d, T.derivationCodeSequence) == [.mslReconstruction])
            #expect(try d.itemCount(T.sourceImageSequence) == 4)
            #expect(try d.itemCount(T.referencedImageSequence) == 1)
            #expect(try d.string(T.derivationDescription)?.contains("resampled") == false)
        }
    }

    @Test func aShiftedGridIsResampledAndCitesNoCTSlice() throws {
        try Self.withFolders { sourceFolder, output in
            let all = try WriterFixtures.sources(in: sourceFolder)
            let g = try WriterFixtures.ctGeometry()
            let shifted = try Geometry(
                size: g.size, originMM: g.originMM + SIMD3(0, 0, 1.25), spacingMM: g.spacingMM, direction: g.direction,
                frameOfReferenceUID: g.frameOfReferenceUID)
            let written = try DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: try WriterFixtures.ctVolume(geometry: shifted),
                sources: SourceSeries(ct: all.ct), provenance: WriterFixtures.provenance()
            ).write(to: output.path)
            let d = try DICOMDataset(contentsOf: written.instances[0].path)
            #expect(try Self.codes(d, T.derivationCodeSequence) == [.spatialResampling, .mslReconstruction])
            #expect(try d.itemCount(T.referencedImageSequence) == nil)
        }
    }

    @Test func huOutsideInt16AreClippedAndCounted() throws {
        try Self.withFolders { sourceFolder, output in
            let all = try WriterFixtures.sources(in: sourceFolder)
            var volume = try WriterFixtures.ctVolume()
            volume.voxels[0] = 40000
            volume.voxels[1] = -40000.5
            volume.voxels[2] = -1024.5  // a tie: rounds away from zero to -1025, within 0.5 HU
            let written = try DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: volume, sources: SourceSeries(ct: all.ct),
                provenance: WriterFixtures.provenance()
            ).write(to: output.path)
            #expect(written.clippedVoxelCount == 2)
            let hu = try DICOMFile(path: written.instances[0].path).pixels()
            #expect(hu[0] == 32767 && hu[1] == -32768 && abs(hu[2] - -1024.5) <= 0.5)
        }
    }

    @Test func mrSeriesStoresARealWorldValueMapping() throws {
        try Self.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder)
            var volume = try WriterFixtures.ctVolume()
            volume.voxels = volume.voxels.indices.map { Float($0) * 23.456 + 0.125 }
            let written = try DerivedImageSeriesWriter(
                kind: .mr, label: "MSL-MR", volume: volume, sources: sources, provenance: WriterFixtures.provenance()
            ).write(to: output.path)
            #expect(written.sopClassUID == "1.2.840.10008.5.1.4.1.1.4")
            let map = StoredValueMap.unsigned(spanning: volume.voxels.min()!, volume.voxels.max()!)
            #expect(map.intercept == 0 && map.slope > 0)
            for (k, instance) in written.instances.enumerated() {
                let file = try DICOMFile(path: instance.path)
                let m = try file.metadata()
                #expect(m.modality == "MR" && m.pixelRepresentation == 0 && m.bitsStored == 16)
                #expect(!file.contains(T.rescaleSlope), "MR carries its map in RWVM, not as a modality LUT")
                #expect(try file.string(T.echoTime) == "4.2" && file.string(T.scanningSequence) == "GR")
                let d = try DICOMDataset(contentsOf: instance.path)
                let rwvm = DICOMDataset.ItemPath.root.appending(T.realWorldValueMappingSequence, item: 0)
                let slope = try #require(try d.double(T.realWorldValueSlope, in: rwvm))
                let intercept = try #require(try d.double(T.realWorldValueIntercept, in: rwvm))
                #expect(slope == map.slope && intercept == map.intercept)
                #expect(try d.double(T.realWorldValueFirstValueMapped, in: rwvm) == 0)
                #expect(try d.double(T.realWorldValueLastValueMapped, in: rwvm) == 65535)
                #expect(try Self.codes(d, T.measurementUnitsCodeSequence, in: rwvm) == [.arbitraryUnit])
                let stored = try file.storedValues()
                let expected = volume.voxels[(k * 30)..<((k + 1) * 30)]
                #expect(
                    zip(stored, expected).allSatisfy {
                        abs(Double($0) * slope + intercept - Double($1)) <= slope / 2 + 1e-9
                    })
            }
        }
    }

    @Test(arguments: [("YES", "DICOM PS3.15 Basic Profile", true), ("YES", "", false), ("NO", "", true)])
    func deidentificationIsCopiedOnlyWhenValid(removed: String, method: String, copied: Bool) throws {
        try Self.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(in: sourceFolder) { d in
                try d.set(T.patientIdentityRemoved, removed)
                try d.set(T.deidentificationMethod, method)
            }
            let written = try DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: try WriterFixtures.ctVolume(), sources: sources,
                provenance: WriterFixtures.provenance()
            ).write(to: output.path)
            let file = try DICOMFile(path: written.instances[0].path)
            #expect(try file.string(T.patientIdentityRemoved) == (copied ? removed : nil))
            #expect(try file.string(T.deidentificationMethod) == (copied && !method.isEmpty ? method : nil))
        }
    }

    /// A named change that makes the writer invalid, and a phrase the error must contain.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: String
        let change: @Sendable (inout DerivedImageSeriesWriter, inout String) -> Void
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(name: "no frame of reference", expected: "Frame of Reference UID") { w, _ in
            var g = w.volume.geometry
            g.frameOfReferenceUID = nil
            w.volume = try! Volume(geometry: g, voxels: w.volume.voxels)
        },
        InvalidCase(name: "non-finite voxel", expected: "non-finite voxels") { w, _ in w.volume.voxels[3] = .nan },
        InvalidCase(name: "bad model hash", expected: "modelSHA256") { w, _ in w.provenance.modelSHA256 = "xyz" },
        InvalidCase(name: "lambda out of range", expected: "lambda 1.5") { w, _ in w.provenance.mixing = .lambda(1.5) },
        InvalidCase(name: "bad device UID", expected: "deviceUID") { w, _ in w.provenance.deviceUID = "msl-1" },
        InvalidCase(name: "two patients", expected: "different patients") { w, _ in w.sources.mr[1].patientID = "X" },
        InvalidCase(name: "MR listed as CT", expected: "listed as a CT source") { w, _ in w.sources.ct += w.sources.mr
        },
        InvalidCase(name: "no sources", expected: "no source instance") { w, _ in w.sources = SourceSeries() },
        InvalidCase(name: "bad label", expected: "label") { w, _ in w.label = "MSL CT!" },
        InvalidCase(name: "dotfile prefix", expected: "file name prefix") { w, _ in w.fileNamePrefix = ".hidden" },
        InvalidCase(name: "long banner", expected: "Series Description") { w, _ in
            w.provenance.banner = String(repeating: "B", count: 60)
        },
        InvalidCase(name: "missing folder", expected: "does not exist") { _, folder in folder += "/missing" },
    ]

    @Test(arguments: invalidCases)
    func rejectsInvalidInputsBeforeWritingAnything(_ invalid: InvalidCase) throws {
        try Self.withFolders { sourceFolder, output in
            var writer = DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: try WriterFixtures.ctVolume(),
                sources: try WriterFixtures.sources(in: sourceFolder), provenance: WriterFixtures.provenance())
            var folder = output.path
            invalid.change(&writer, &folder)
            do throws(DICOMError) {
                _ = try writer.write(to: folder)
                Issue.record("\(invalid.name): writing succeeded")
            } catch {
                guard case .writeFailed(_, let reason) = error else {
                    Issue.record("\(invalid.name): \(error) is not .writeFailed")
                    return
                }
                #expect(reason.contains(invalid.expected), "\(invalid.name): \(reason)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
        }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        try Self.withFolders { sourceFolder, output in
            var writer = DerivedImageSeriesWriter(
                kind: .ct, label: "bad label!", volume: try WriterFixtures.ctVolume(),
                sources: try WriterFixtures.sources(in: sourceFolder), provenance: WriterFixtures.provenance())
            writer.provenance.modelSHA256 = "short"
            writer.volume.voxels[0] = .infinity
            #expect {
                _ = try writer.write(to: output.path)
            } throws: { error in
                let text = "\(error)"
                return text.contains("label") && text.contains("modelSHA256") && text.contains("non-finite")
            }
        }
    }
}

extension SIMD3 where Scalar == Double {
    fileprivate var maxAbsoluteValue: Double { Swift.max(abs(x), abs(y), abs(z)) }
}
