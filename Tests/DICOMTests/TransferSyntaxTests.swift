import Foundation
import Testing

@testable import DICOM

/// The same Siemens MR image in nine transfer syntaxes (`shared/data/dicom/transfer-syntaxes`).
@Suite struct TransferSyntaxTests {
    static let decodable: [(file: String, uid: String)] = [
        ("1.dcm", "1.2.840.10008.1.2.1"),  // explicit VR little endian
        ("2.dcm", "1.2.840.10008.1.2"),  // implicit VR little endian
        ("3.dcm", "1.2.840.10008.1.2.2"),  // explicit VR big endian
        ("4.dcm", "1.2.840.10008.1.2.5"),  // RLE lossless
        ("5.dcm", "1.2.840.10008.1.2.4.70"),  // JPEG lossless SV1
        ("6.dcm", "1.2.840.10008.1.2.4.70"),
        ("7.dcm", "1.2.840.10008.1.2.4.80"),  // JPEG-LS lossless
        ("8.dcm", "1.2.840.10008.1.2.4.80"),
    ]

    /// Files 1–8 decode to the same floats, equal to the stored values that dcmdump +W and od read from
    /// file 1 (sampled and summed), and report the transfer syntax they were stored in.
    @Test func filesOneToEightDecodeIdentically() throws {
        let golden = try StoredPixelGolden().entry("transfer-syntaxes/1.dcm")
        var reference: [Float]?
        for (name, uid) in Self.decodable {
            let file = try DICOMFile(path: try ReaderFixtures.shared("transfer-syntaxes/" + name))
            let metadata = try file.metadata()
            #expect(metadata.transferSyntaxUID == uid, "\(name)")
            let values = try file.pixels()
            #expect(values.count == 384 * 384)
            if let reference {
                #expect(values == reference, "\(name) differs from 1.dcm")
            } else {
                reference = values
                #expect(values.reduce(0.0) { $0 + Double($1) } == golden.sum)
                for sample in golden.samples { #expect(Double(values[sample.index]) == sample.value) }
            }
        }
    }

    /// File 9 is JPEG 2000, for which this DCMTK has no decoder: pixels (and metadata, which checks that
    /// pixels can be decoded) fail with the syntax's UID and name, while attributes stay readable.
    @Test func jpeg2000FailsNamingTheSyntax() throws {
        let path = try ReaderFixtures.shared("transfer-syntaxes/9.dcm")
        let file = try DICOMFile(path: path)
        let syntax = try file.transferSyntax()
        #expect(syntax.uid == "1.2.840.10008.1.2.4.90")
        #expect(syntax.name.contains("JPEG 2000"))
        #expect(try file.pixelDataInfo().isEncapsulated)
        #expect(try !file.pixelDataInfo().isDecodable)
        for attempt in [{ _ = try file.pixels() }, { _ = try file.metadata() }] {
            do {
                try attempt()
                Issue.record("JPEG 2000 decoded although DCMTK has no codec for it")
            } catch {
                guard case .undecodablePixels(let errorPath, let reason) = error as? DICOMError else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(errorPath == path)
                #expect(reason.contains("1.2.840.10008.1.2.4.90") && reason.contains("JPEG 2000"), "\(reason)")
            }
        }
        #expect(try file.metadata(validatingPixelData: false).rows == 384)
    }
}
