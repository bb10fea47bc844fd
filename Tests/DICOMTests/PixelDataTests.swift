import Foundation
import Testing

@testable import DICOM

/// Decoded values against an independent path: stored values read by `dcmdump +W` and `od` (masked and
/// sign-extended in awk, `reader_pixels.txt`) with slope and intercept printed by dcmdump, and
/// synthetic images whose stored values are written by hand in `reader_make_fixtures.sh`.
@Suite struct PixelDataTests {
    /// HU = stored value × Rescale Slope + Rescale Intercept, at sampled pixels and summed over every pixel.
    @Test(arguments: ["ct-head-gantry-tilt/01.dcm", "ct-head-gantry-tilt/14.dcm", "mr-head-t1-oblique/N2D_0100.dcm"])
    func modalityValuesAreStoredTimesSlopePlusIntercept(file: String) throws {
        let golden = try StoredPixelGolden().entry(file)
        let dump = try DcmdumpGolden()
        let slope = try #require(dump.attribute(file, "(0028,1053)").doubles.first)
        let intercept = try #require(dump.attribute(file, "(0028,1052)").doubles.first)
        let reader = try DICOMFile(path: try ReaderFixtures.shared(file))
        let values = try reader.pixels(frame: 0)
        try #require(values.count == golden.rows * golden.columns && values.count == golden.count)
        for sample in golden.samples {
            #expect(Double(values[sample.index]) == sample.value * slope + intercept, "pixel \(sample.index)")
        }
        // Every pixel: Σ HU = slope Σ stored + n intercept and Σ HU² likewise (exact: integers below 2⁵³).
        let sum = values.reduce(0.0) { $0 + Double($1) }
        let squares = values.reduce(0.0) { $0 + Double($1) * Double($1) }
        #expect(sum == slope * golden.sum + Double(golden.count) * intercept)
        if slope == 1 && intercept == 0 { #expect(squares == golden.sumOfSquares) }
        #expect(Double(values.min()!) == golden.min * slope + intercept)
        #expect(Double(values.max()!) == golden.max * slope + intercept)
        #expect(try reader.storedValues(frame: 0).reduce(0.0) { $0 + Double($1) } == golden.sum)
    }

    /// CT padding stays at its stored value (-1500) and air/tissue look like HU, so nothing was offset.
    @Test func gantryTiltCTIsInHounsfieldUnits() throws {
        let values = try DICOMFile(path: try ReaderFixtures.shared("ct-head-gantry-tilt/01.dcm")).pixels()
        #expect(values[0] == -1500)
        let body = values.filter { $0 > -1500 }
        #expect(body.min()! >= -1100 && body.max()! <= 3100)
        let tissue = body.filter { (-100...100).contains($0) }.count
        #expect(tissue > body.count / 10)  // a head: much soft tissue near 0 HU
    }

    /// Stored values of `reader_signed12_*.dcm` (12 of 16 bits, signed), frame by frame, then × 0.5 − 1024.
    static let signed12Stored: [[Float]] = [
        [-2048, -1024, -1, 0, 1, 2047, 100, -100, 1234, -1234, 7, -7],
        [0, 1, 2, 3, -3, -2, -1, 2047, -2048, 512, -512, 42],
    ]

    /// Native words with junk in bits 12–15 ("dirty"), and RLE, JPEG lossless and JPEG-LS of the clean words:
    /// each decodes to the hand-written stored values; MONOCHROME1 is not inverted.
    @Test(arguments: [
        "reader_signed12_dirty.dcm", "reader_signed12_rle.dcm", "reader_signed12_jpeg.dcm",
        "reader_signed12_jpegls.dcm",
    ])
    func signedTwelveBitFramesMaskSignExtendAndRescale(fixture: String) throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture(fixture))
        let metadata = try file.metadata()
        #expect(metadata.photometricInterpretation == "MONOCHROME1")
        #expect(metadata.numberOfFrames == 2 && metadata.bitsStored == 12 && metadata.pixelRepresentation == 1)
        for frame in 0..<2 {
            #expect(try file.storedValues(frame: frame) == Self.signed12Stored[frame])
            #expect(try file.pixels(frame: frame) == Self.signed12Stored[frame].map { $0 * 0.5 - 1024 })
        }
        #expect(throws: DICOMError.self) { try file.pixels(frame: 2) }
    }

    /// High Bit 13 with 10 bits stored: values sit in bits 4–13; bits 0–3 and 14–15 hold junk.
    @Test func highBitAboveBitsStoredShiftsAndMasks() throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture("reader_u10_highbit13.dcm"))
        #expect(try file.pixels() == [0, 1, 1023, 512])
    }

    /// Signed 8-bit, 3 pixels (Pixel Data padded to 4 bytes), slope 2, intercept 10.
    @Test func signedEightBitOddLength() throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture("reader_s8_odd.dcm"))
        #expect(try file.pixelDataInfo().length == 4)
        #expect(try file.storedValues() == [-128, -1, 127])
        #expect(try file.pixels() == [-246, 8, 264])
    }

    /// Each frame of an enhanced multi-frame object takes its own rescale from the functional groups.
    @Test func multiFrameRescalePerFrame() throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture("reader_functional_groups.dcm"))
        #expect(try file.pixels(frame: 0) == [1, 2, 3, 4].map { $0 * 2 - 5 })
        #expect(try file.pixels(frame: 1) == [10, 20, 30, 40].map { $0 * 3 + 1 })
        #expect(try file.pixels(frame: 2) == [100, 200, 300, 400].map { $0 * 2 - 5 })
    }

    /// Signed 16-bit with slope 1.5: the raw dataset's six pixels -1500, 0, 1, -1, 1024, -1024.
    @Test func implicitRawDatasetPixels() throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture("reader_metadata_raw_implicit.dcm"))
        #expect(try file.storedValues() == [-1500, 0, 1, -1, 1024, -1024])
        #expect(try file.pixels() == [-1500, 0, 1, -1, 1024, -1024].map { $0 * 1.5 - 1024 })
    }

    @Test func readPixelsFillsACallerBufferAndChecksItsSize() throws {
        let file = try DICOMFile(path: try ReaderFixtures.fixture("reader_signed12_dirty.dcm"))
        var slice = [Float](repeating: .nan, count: 12)
        try slice.withUnsafeMutableBufferPointer { try file.readPixels(frame: 1, into: $0, modalityLUT: false) }
        #expect(slice == Self.signed12Stored[1])
        var wrong = [Float](repeating: 0, count: 11)
        #expect(throws: DICOMError.self) {
            try wrong.withUnsafeMutableBufferPointer { try file.readPixels(frame: 0, into: $0) }
        }
    }
}
