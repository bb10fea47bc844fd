import Foundation
import Testing

@testable import DICOM

/// The writing half of the shim through `DICOMDataset`: values of every kind, nested items, verbatim
/// copies, the Part 10 save (meta header, atomic rename), and every rejection the C API documents.
@Suite struct WriterDatasetTests {
    typealias T = AttributeTag

    static let purpose = AttributeTag(group: 0x0040, element: 0xA170, keyword: "PurposeOfReferenceCodeSequence")

    /// A dataset with the SOP identity a save needs.
    static func minimal(_ label: String = "(test)") throws(DICOMError) -> DICOMDataset {
        let d = try DICOMDataset(label: label)
        try d.set(T.sopClassUID, "1.2.840.10008.5.1.4.1.1.2")
        try d.set(T.sopInstanceUID, "2.25.42")
        return d
    }

    @Test func valuesOfEveryKindRoundTrip() throws {
        let folder = try WriterFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("values.dcm").path
        let d = try Self.minimal(path)
        try d.set(T.imageType, ["DERIVED", "SECONDARY", "AXIAL"])
        try d.set(T.imagePositionPatient, decimals: [-125, -123.5404569, 0.1 + 0.2])
        try d.set(T.rows, integers: [512])
        try d.set(T.realWorldValueFirstValueMapped, integers: [-5], vr: "SS")
        try d.set(T.realWorldValueSlope, floats: [0.125])
        try d.set(T.dimensionIndexPointer, tags: [T.imagePositionPatient])
        try d.set(T.patientName, "")
        try d.set(T.pixelData, values: [UInt16(1), 2, 65535], vr: "OW")
        try d.set(T.floatPixelData, values: [Float(0.25), -1.5], vr: "OF")
        try d.set(T.encapsulatedDocument, values: [UInt8(1), 2, 3], vr: "OB")
        // Two levels: an item of Source Image Sequence holding a Purpose of Reference code item.
        let source = try d.addItem(T.sourceImageSequence)
        try d.set(T.referencedSOPInstanceUID, "1.2.3", in: source)
        try d.addCode(.sourceImageForProcessing, to: Self.purpose, in: source)
        try d.addEmptySequence(T.acquisitionContextSequence)
        try d.save(to: path)

        let file = try DICOMFile(path: path)
        #expect(try file.strings(T.imageType) == ["DERIVED", "SECONDARY", "AXIAL"])
        let ipp = try file.doubles(T.imagePositionPatient)
        #expect(ipp.count == 3 && ipp[0] == -125 && ipp[1] == -123.5404569 && abs(ipp[2] - 0.3) < 1e-15)
        #expect(try file.integers(T.rows) == [512])
        #expect(try file.integers(T.realWorldValueFirstValueMapped) == [-5])
        #expect(try file.doubles(T.realWorldValueSlope) == [0.125])
        #expect(file.contains(T.patientName))
        #expect(try file.string(T.patientName) == nil)
        #expect(try file.itemCount(T.acquisitionContextSequence) == 0)
        #expect(try file.string(T.referencedSOPInstanceUID, inItem: 0, of: T.sourceImageSequence) == "1.2.3")

        let back = try DICOMDataset(contentsOf: path)
        let code = source.appending(Self.purpose, item: 0)
        #expect(try back.itemCount(Self.purpose, in: source) == 1)
        #expect(try back.string(T.codeValue, in: code) == "121322")
        #expect(try back.string(T.codeMeaning, in: code) == "Source image for image processing operation")
        #expect(try back.double(T.dimensionIndexPointer) == Double(0x0020_0032))
        #expect(try back.values(T.pixelData, as: UInt16.self) == [1, 2, 65535])
        #expect(try back.values(T.floatPixelData, as: Float.self) == [0.25, -1.5])
        #expect(try back.values(T.encapsulatedDocument, as: UInt8.self) == [1, 2, 3, 0])  // padded to even
    }

    @Test func savesPart10ExplicitLittleEndianWithMslsMetaHeader() throws {
        let folder = try WriterFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("meta.dcm").path
        try Self.minimal(path).save(to: path)
        let file = try DICOMFile(path: path)
        #expect(try file.transferSyntaxUID() == "1.2.840.10008.1.2.1")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > 132 && bytes[128..<132] == Data("DICM".utf8))
        let text = String(decoding: bytes.prefix(400), as: UTF8.self)
        #expect(text.contains(DICOMImplementation.classUID))
        #expect(text.contains(DICOMImplementation.versionName))
        #expect(!text.contains("OFFIS"))
        // Media Storage SOP Class/Instance UID come from the dataset.
        #expect(text.contains("1.2.840.10008.5.1.4.1.1.2") && text.contains("2.25.42"))
        // Nothing but the file itself is left in the folder (the temporary name was renamed).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["meta.dcm"])
    }

    @Test func implementationClassUIDIsTheFrozenDeterministicUID() {
        let expected = DeterministicUID.make(
            inputs: [], parameters: [:], version: "", role: "msl implementation class")
        #expect(DICOMImplementation.classUID == expected)
        #expect(DICOMImplementation.versionName.count <= 16)
    }

    @Test func copiesAttributesVerbatimAndReportsAbsentOnes() throws {
        let folder = try WriterFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try WriterFixtures.sources(
            in: folder, patientName: "Müller^Jörg", characterSet: "ISO_IR 100",
            encoding: .latin1)
        let source = try CopySource(path: sources.ct[0].path)
        let path = folder.appendingPathComponent("copy.dcm").path
        let d = try Self.minimal(path)
        let copied = try d.copy([T.specificCharacterSet, T.patientName, T.kvp, T.contentLabel], from: source)
        #expect(copied == [T.specificCharacterSet, T.patientName, T.kvp])
        // Copies go into items too.
        let item = try d.addItem(T.contributingEquipmentSequence)
        #expect(try d.copy([T.manufacturer], from: source, into: item) == [T.manufacturer])
        try d.save(to: path)
        let file = try DICOMFile(path: path)
        #expect(try file.string(T.patientName) == "Müller^Jörg")
        #expect(try file.string(T.specificCharacterSet) == "ISO_IR 100")
        // Stored bytes are Latin-1, as in the source: "Mü" is 0x4D 0xFC.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.indices.dropLast().contains { bytes[$0] == 0x4D && bytes[$0 + 1] == 0xFC })
        #expect(try file.string(T.manufacturer, inItem: 0, of: T.contributingEquipmentSequence) == "Fixture")
    }

    @Test(arguments: [
        (AttributeTag.imagePositionPatient, ["1.23456789012345678"], "17 characters"),
        (AttributeTag.sopInstanceUID, ["1.2.abc"], "letters in a UI"),
        (AttributeTag.imageOrientationPatient, ["1", "0", "0", "0", "1"], "VM 6 with 5 values"),
        (AttributeTag.modality, ["ct"], "lower case in a CS"),
        (AttributeTag.contentDate, ["2024-01-31"], "a date with dashes"),
    ])
    func rejectsValuesDCMTKDeemsInvalid(tag: AttributeTag, values: [String], why: String) throws {
        let d = try DICOMDataset(label: "(test)")
        #expect(throws: DICOMError.self, "\(why)") { try d.set(tag, values) }
        #expect(!d.contains(tag), "a rejected value must not stay in the dataset")
    }

    @Test func rejectsWrongKindsOfSetter() throws {
        let d = try DICOMDataset(label: "(test)")
        #expect(throws: DICOMError.self) { try d.set(T.rows, "512") }  // US is not a string VR
        #expect(throws: DICOMError.self) { try d.set(T.rows, integers: [70000]) }  // out of US range
        #expect(throws: DICOMError.self) { try d.set(T.realWorldValueFirstValueMapped, integers: [1]) }  // "xs"
        #expect(throws: DICOMError.self) { try d.set(T.pixelData, values: [UInt8(1)]) }  // "ox" needs a VR
        #expect(throws: DICOMError.self) { try d.set(T.pixelData, values: [UInt8(1)], vr: "OW") }  // odd OW
        #expect(throws: DICOMError.self) { try d.set(T.realWorldValueSlope, floats: [.nan]) }
        #expect(throws: DICOMError.self) { try d.set(T.rows, integers: [1], vr: "QQ") }
        let unknown = AttributeTag(group: 0x0009, element: 0x1001, keyword: "Private")
        #expect(throws: DICOMError.self) { try d.set(unknown, "x") }
        #expect(throws: DICOMError.self) { try d.addItem(T.rows) }  // not a sequence
        let missing = DICOMDataset.ItemPath.root.appending(T.sourceImageSequence, item: 3)
        #expect(throws: DICOMError.self) { try d.set(T.codeValue, "1", in: missing) }
    }

    @Test func saveNeedsSOPIdentityAndAnExistingFolder() throws {
        let folder = try WriterFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let noIdentity = try DICOMDataset(label: "(test)")
        #expect(throws: DICOMError.self) { try noIdentity.save(to: folder.appendingPathComponent("a.dcm").path) }
        let missingFolder = folder.appendingPathComponent("nope/b.dcm").path
        do throws(DICOMError) {
            try Self.minimal().save(to: missingFolder)
            Issue.record("saving into a missing folder succeeded")
        } catch {
            #expect(error.isTransient, "a file system failure is .io: \(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func savingTwiceReplacesTheFileAtomically() throws {
        let folder = try WriterFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("twice.dcm").path
        let d = try Self.minimal(path)
        try d.set(T.seriesDescription, "first")
        try d.save(to: path)
        try d.set(T.seriesDescription, "second")
        try d.save(to: path)
        #expect(try DICOMFile(path: path).string(T.seriesDescription) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["twice.dcm"])
    }
}
