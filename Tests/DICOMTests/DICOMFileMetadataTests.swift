import Foundation
import Testing

@testable import DICOM

/// `DICOMFile.metadata()` against what `dcmdump` printed for real files (`reader_dcmdump.txt`) and
/// against hand-written values for a synthetic file holding every field.
@Suite struct DICOMFileMetadataTests {
    /// Real files and what dcmdump printed for them.
    static let dumpedFiles = [
        "ct-head-gantry-tilt/01.dcm", "ct-head-gantry-tilt/14.dcm", "mr-head-t1-oblique/N2D_0100.dcm",
        "transfer-syntaxes/1.dcm",
    ]

    @Test(arguments: dumpedFiles)
    func metadataMatchesDcmdump(file: String) throws {
        let golden = try DcmdumpGolden()
        let path = try ReaderFixtures.shared(file)
        let metadata = try DICOMFile(path: path).metadata()
        func text(_ tag: String) throws -> String { try golden.attribute(file, tag).value }
        func number(_ tag: String) throws -> Double { try #require(golden.attribute(file, tag).doubles.first) }
        func integer(_ tag: String) throws -> Int { Int(try number(tag)) }

        #expect(metadata.path == path)
        #expect(metadata.transferSyntaxUID == (try text("(0002,0010)")))
        #expect(metadata.sopClassUID == (try text("(0008,0016)")))
        #expect(metadata.sopInstanceUID == (try text("(0008,0018)")))
        #expect(metadata.studyInstanceUID == (try text("(0020,000D)")))
        #expect(metadata.seriesInstanceUID == (try text("(0020,000E)")))
        #expect(metadata.modality == (try text("(0008,0060)")))
        #expect(metadata.imageType == (try golden.attribute(file, "(0008,0008)").values))
        #expect(metadata.rows == (try integer("(0028,0010)")))
        #expect(metadata.columns == (try integer("(0028,0011)")))
        #expect(metadata.samplesPerPixel == (try integer("(0028,0002)")))
        #expect(metadata.bitsAllocated == (try integer("(0028,0100)")))
        #expect(metadata.bitsStored == (try integer("(0028,0101)")))
        #expect(metadata.pixelRepresentation == (try integer("(0028,0103)")))
        #expect(metadata.photometricInterpretation == (try text("(0028,0004)")))
        #expect(metadata.numberOfFrames == 1)

        let position = try golden.attribute(file, "(0020,0032)").doubles
        let orientation = try golden.attribute(file, "(0020,0037)").doubles
        let spacing = try golden.attribute(file, "(0028,0030)").doubles
        try #require(position.count == 3 && orientation.count == 6 && spacing.count == 2)
        #expect(metadata.imagePositionPatient == SIMD3(position[0], position[1], position[2]))
        #expect(metadata.imageOrientationRow == SIMD3(orientation[0], orientation[1], orientation[2]))
        #expect(metadata.imageOrientationColumn == SIMD3(orientation[3], orientation[4], orientation[5]))
        #expect(metadata.pixelSpacing == SIMD2(spacing[0], spacing[1]))
        #expect(metadata.sliceThickness == (try number("(0018,0050)")))
        if file.hasPrefix("transfer-syntaxes") { return }  // no series/instance numbers or rescale in those
        #expect(metadata.frameOfReferenceUID == (try text("(0020,0052)")))
        #expect(metadata.patientID == (try text("(0010,0020)")))
        #expect(metadata.seriesNumber == (try integer("(0020,0011)")))
        #expect(metadata.instanceNumber == (try integer("(0020,0013)")))
        #expect(metadata.acquisitionNumber == (try integer("(0020,0012)")))
        #expect(metadata.rescaleSlope == (try number("(0028,1053)")))
        #expect(metadata.rescaleIntercept == (try number("(0028,1052)")))
        if file.hasPrefix("ct-") {
            #expect(metadata.gantryDetectorTilt == (try number("(0018,1120)")))
            #expect(metadata.gantryDetectorTilt == 18.5)  // dcmdump prints "+18.5"
            #expect(metadata.pixelPaddingValue == -1500)
        } else {
            #expect(metadata.rescaleType == (try text("(0028,1054)")))
            #expect(metadata.gantryDetectorTilt == nil)
        }
    }

    /// The two CT slices differ where the tilted stack says they must: same x, y shifted along the tilted
    /// column direction, z increasing (the geometry gate derives the 18.5° tilt from exactly these values).
    @Test func gantryTiltSlicesDifferOnlyAlongTheirStack() throws {
        let first = try DICOMFile(path: try ReaderFixtures.shared("ct-head-gantry-tilt/01.dcm")).metadata()
        let later = try DICOMFile(path: try ReaderFixtures.shared("ct-head-gantry-tilt/14.dcm")).metadata()
        #expect(first.seriesInstanceUID == later.seriesInstanceUID)
        #expect(first.imageOrientationColumn == SIMD3(0, 0.9483237, -0.3173047))
        let a = try #require(first.imagePositionPatient)
        let b = try #require(later.imagePositionPatient)
        #expect(a.x == b.x && a.y == b.y && b.z > a.z)
    }

    /// Every field of a synthetic raw dataset (no Part 10 header, implicit VR): Latin-1 text converted to
    /// UTF-8, padded DS/IS values, "+3", "7E1", two Contributing Equipment items, signed Pixel Padding Value.
    @Test func everyFieldOfASyntheticRawDataset() throws {
        let path = try ReaderFixtures.fixture("reader_metadata_raw_implicit.dcm")
        let metadata = try DICOMFile(path: path).metadata()
        let expected = InstanceMetadata(
            path: path, transferSyntaxUID: "1.2.840.10008.1.2", sopClassUID: "1.2.840.10008.5.1.4.1.1.2",
            sopInstanceUID: "1.2.826.0.1.3680043.9.7433.2.4", studyInstanceUID: "1.2.826.0.1.3680043.9.7433.2.1",
            seriesInstanceUID: "1.2.826.0.1.3680043.9.7433.2.2", frameOfReferenceUID: "1.2.826.0.1.3680043.9.7433.2.3",
            modality: "CT", patientID: "PAT-0042", issuerOfPatientID: "HOSPITAL-A", specificCharacterSet: "ISO_IR 100",
            imageType: ["DERIVED", "SECONDARY", "AXIAL", "MSL"], seriesDescription: "Schädel Übersicht",
            seriesNumber: 7, instanceNumber: 12, acquisitionNumber: 3, echoNumbers: "1\\2",
            temporalPositionIdentifier: 4,
            contributingDeviceUIDs: ["1.2.826.0.1.3680043.9.7433.99.1", "2.25.12345"],
            imagePositionPatient: SIMD3(-125.5, -123.25, 70), imageOrientationRow: SIMD3(1, 0, 0),
            imageOrientationColumn: SIMD3(0, 0.9483237, -0.3173047), pixelSpacing: SIMD2(0.4882812, 0.5),
            sliceThickness: 1.25, gantryDetectorTilt: -12.5, rows: 2, columns: 3, numberOfFrames: 1,
            samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1,
            photometricInterpretation: "MONOCHROME2", rescaleSlope: 1.5, rescaleIntercept: -1024, rescaleType: "HU",
            pixelPaddingValue: -1500)
        #expect(metadata == expected)
    }

    @Test func genericGettersReadValuesItemsAndAbsence() throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture("reader_metadata_raw_implicit.dcm"))
        let position = AttributeTag(group: 0x0020, element: 0x0032, keyword: "ImagePositionPatient")
        #expect(try file.doubles(position) == [-125.5, -123.25, 70])
        #expect(try file.strings(position) == ["-125.5", "-123.25", "7E1"])
        #expect(try file.valueCount(position) == 3)
        #expect(try file.string(AttributeTag.imageType) == "DERIVED\\SECONDARY\\AXIAL\\MSL")
        #expect(try file.integers(AttributeTag.echoNumbers) == [1, 2])
        #expect(try file.itemCount(AttributeTag.contributingEquipmentSequence) == 2)
        #expect(
            try file.string(AttributeTag.deviceUID, inItem: 1, of: AttributeTag.contributingEquipmentSequence) == "2.25.12345"
        )
        let absent = AttributeTag(group: 0x0018, element: 0x0088, keyword: "SpacingBetweenSlices")
        #expect(!file.contains(absent))
        #expect(try file.string(absent) == nil)
        #expect(try file.doubles(absent).isEmpty)
        #expect(try file.valueCount(absent) == nil)
        #expect(try file.itemCount(absent) == nil)
        // A text value read as a number is an error naming the tag, not a silent nil.
        #expect(throws: DICOMError.self) { try file.doubles(AttributeTag.patientID) }
        do {
            _ = try file.doubles(AttributeTag.patientID)
        } catch {
            #expect(error.description.hasPrefix("\(file.path): (0010,0020) PatientID: "))
        }
    }

    /// Enhanced multi-frame: no top-level rescale; frame 1 has its own in Per-frame Functional Groups, the
    /// others take the Shared Functional Groups' (metadata reports frame 0's).
    @Test func rescaleComesFromFunctionalGroupsPerFrame() throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture("reader_functional_groups.dcm"))
        #expect(try file.rescale(frame: 0)! == (2, -5))
        #expect(try file.rescale(frame: 1)! == (3, 1))
        #expect(try file.rescale(frame: 2)! == (2, -5))
        let metadata = try file.metadata()
        #expect(metadata.numberOfFrames == 3 && metadata.rescaleSlope == 2 && metadata.rescaleIntercept == -5)
    }

    @Test func secondaryCaptureWithoutRescaleReadsIdentity() throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture("reader_u10_highbit13.dcm"))
        #expect(try file.rescale() == nil)
        let metadata = try file.metadata()
        #expect(metadata.rescaleSlope == 1 && metadata.rescaleIntercept == 0)
        #expect(metadata.bitsStored == 10 && metadata.rows == 2 && metadata.columns == 2)
    }
}
