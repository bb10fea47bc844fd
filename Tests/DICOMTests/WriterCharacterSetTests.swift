import Foundation
import Testing

@testable import DICOM

/// Names in non-Latin character sets are copied with their Specific Character Set and read back equal;
/// text msl adds must fit that set (`clinical-conventions.md` §12).
@Suite struct WriterCharacterSetTests {
    typealias T = AttributeTag

    /// PS3.5 Annex H's example name in ISO 2022 IR 87 (JIS X 0208 after ESC $ B, back to ASCII with
    /// ESC ( B): "Yamada^Tarou=山田^太郎=やまだ^たろう". Every byte is 7-bit.
    static let japaneseISO2022 =
        "Yamada^Tarou=\u{1B}$B;3ED\u{1B}(B^\u{1B}$BB@O:\u{1B}(B=\u{1B}$B$d$^$@\u{1B}(B^\u{1B}$B$?$m$&\u{1B}(B"
    static let japaneseUTF8 = "Yamada^Tarou=山田^太郎=やまだ^たろう"

    struct Case: Sendable, CustomTestStringConvertible {
        let characterSet: String
        let stored: String  // the name as the fixture stores it (before encoding)
        let encoding: DICOMTextEncoding
        /// What DICOMFile returns. DCMTK converts to UTF-8 through glibc's iconv, which has no ISO 2022
        /// IR 87 (DCMTK says "not supported by the utilized character set conversion library"), so that
        /// name reads back as stored, escape sequences and all; Foundation decodes it below.
        let readBack: String
        var testDescription: String { characterSet }
    }

    static let cases: [Case] = [
        Case(characterSet: "ISO_IR 192", stored: "Müller^Jörg=山田^太郎", encoding: .utf8, readBack: "Müller^Jörg=山田^太郎"),
        Case(characterSet: "ISO_IR 100", stored: "Müller^Jörg", encoding: .latin1, readBack: "Müller^Jörg"),
        Case(characterSet: "\\ISO 2022 IR 87", stored: japaneseISO2022, encoding: .ascii, readBack: japaneseISO2022),
    ]

    @Test(arguments: cases)
    func namesAreCopiedWithTheirCharacterSet(_ c: Case) throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let sources = try WriterFixtures.sources(
                in: sourceFolder, patientName: c.stored, characterSet: c.characterSet, encoding: c.encoding)
            let source = try DICOMFile(path: sources.ct[0].path)
            #expect(try source.string(T.patientName) == c.readBack, "the fixture itself")
            let runs = try WriterDeterminismTests.writeAll(
                sources: sources, provenance: WriterFixtures.provenance(), into: output)
            for instance in runs.flatMap(\.instances) {
                let file = try DICOMFile(path: instance.path)
                #expect(try file.string(T.specificCharacterSet) == c.characterSet, "\(instance.path)")
                let name = try file.string(T.patientName)
                #expect(name == c.readBack, "\(instance.path)")
                if c.characterSet.contains("ISO 2022 IR 87") {
                    #expect(String(data: Data((name ?? "").utf8), encoding: .iso2022JP) == Self.japaneseUTF8)
                }
            }
        }
    }

    @Test func generatedTextMustFitTheCopiedCharacterSet() throws {
        try WriterDerivedImageTests.withFolders { sourceFolder, output in
            let latin1 = try WriterFixtures.sources(
                in: sourceFolder, patientName: "Müller^Jörg", characterSet: "ISO_IR 100", encoding: .latin1)
            var provenance = WriterFixtures.provenance()
            provenance.banner = "NICHT FÜR DIAGNOSTIK"  // Latin-1: fine
            let written = try DerivedImageSeriesWriter(
                kind: .ct, label: "MSL-CT", volume: try WriterFixtures.ctVolume(), sources: latin1,
                provenance: provenance
            ).write(to: output.path)
            #expect(
                try DICOMFile(path: written.instances[0].path).string(T.seriesDescription)
                    == "NICHT FÜR DIAGNOSTIK MSL-CT lambda=0.5")
            provenance.banner = "λ NOT FOR DIAGNOSTIC USE"  // no λ in Latin-1
            #expect {
                _ = try DerivedImageSeriesWriter(
                    kind: .ct, label: "MSL-CT", volume: try WriterFixtures.ctVolume(), sources: latin1,
                    provenance: provenance
                ).write(to: output.path)
            } throws: { "\($0)".contains("Specific Character Set 'ISO_IR 100'") }
        }
    }

    @Test func encodingFollowsTheSpecificCharacterSet() {
        #expect(DICOMTextEncoding(specificCharacterSet: "ISO_IR 192") == .utf8)
        #expect(DICOMTextEncoding(specificCharacterSet: "ISO_IR 100") == .latin1)
        #expect(DICOMTextEncoding(specificCharacterSet: nil) == .ascii)
        #expect(DICOMTextEncoding(specificCharacterSet: "\\ISO 2022 IR 87") == .ascii)
        #expect(DICOMTextEncoding(specificCharacterSet: "ISO_IR 144") == .ascii)
        #expect(DICOMTextEncoding.ascii.encode("lambda=0.5") == Array("lambda=0.5".utf8))
        #expect(DICOMTextEncoding.ascii.encode("λ") == nil)
        #expect(DICOMTextEncoding.latin1.encode("ü") == [0xFC])
        #expect(DICOMTextEncoding.utf8.encode("λ") == [0xCE, 0xBB])
    }

    @Test func decimalStringsFitSixteenCharactersAndRoundTrip() {
        for value in [
            0.0, 1, -1024, 0.4882812, -123.5404569, 0.1 + 0.2, 1e-5, 0.984807753012208, -1.0 / 3, 123456.789012345,
        ] {
            let text = DICOMNumber.decimalString(value)!
            #expect(text.count <= 16, "\(text)")
            #expect(abs(Double(text)! - value) <= 1e-13 * max(1, abs(value)), "\(value) → \(text)")
        }
        #expect(DICOMNumber.decimalString(.nan) == nil)
        #expect(DICOMNumber.decimalString(-1024) == "-1024")
    }
}
