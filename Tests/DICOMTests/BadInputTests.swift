import Foundation
import Testing

@testable import DICOM

/// Broken files made in a temporary folder from a real CT slice (explicit VR little endian, so each
/// attribute can be found and patched byte by byte): each gives a specific `DICOMError` naming the file.
@Suite struct BadInputTests {
    /// A temporary folder with a pristine copy of `ct-head-gantry-tilt/01.dcm`'s bytes.
    final class Workspace {
        let folder: URL
        let original: Data

        init() throws {
            folder = try ReaderFixtures.temporaryFolder()
            original = try Data(
                contentsOf: URL(fileURLWithPath: try ReaderFixtures.shared("ct-head-gantry-tilt/01.dcm")))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// Writes `bytes` as `name` and returns its path.
        func write(_ name: String, _ bytes: Data) throws -> String {
            let url = folder.appendingPathComponent(name)
            try bytes.write(to: url)
            return url.path
        }

        /// The offset of the first occurrence of `pattern` in the original file.
        func offset(of pattern: [UInt8]) throws -> Int {
            let range = try #require(original.range(of: Data(pattern)), "pattern \(pattern) not in the CT file")
            return range.lowerBound
        }

        /// The original with `replacement` written at `offset`.
        func patched(at offset: Int, _ replacement: [UInt8]) -> Data {
            var bytes = original
            bytes.replaceSubrange(offset..<offset + replacement.count, with: replacement)
            return bytes
        }
    }

    /// Explicit VR little endian element headers in the CT file.
    static let rowsHeader: [UInt8] = [0x28, 0x00, 0x10, 0x00, 0x55, 0x53, 0x02, 0x00]  // (0028,0010) US, 2
    static let columnsHeader: [UInt8] = [0x28, 0x00, 0x11, 0x00, 0x55, 0x53, 0x02, 0x00]  // (0028,0011) US, 2
    static let pixelDataHeader: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x57, 0x00, 0x00]  // (7FE0,0010) OW

    /// The error `body` throws; fails the test when it throws none or another type.
    func error(_ body: () throws -> Void) -> DICOMError? {
        do {
            try body()
            Issue.record("no error thrown")
        } catch let error as DICOMError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
        return nil
    }

    @Test func zeroLengthFileIsUnreadable() throws {
        let space = try Workspace()
        let path = try space.write("empty.dcm", Data())
        let thrown = error { _ = try DICOMFile(path: path) }
        #expect(thrown == .unreadable(path: path, reason: "the file is empty (0 bytes)"))
    }

    @Test func textFileIsNotDICOM() throws {
        let space = try Workspace()
        let path = try space.write("notes.dcm", Data("Patient arrived at 10:42, scan postponed.\n".utf8))
        let thrown = try #require(error { _ = try DICOMFile(path: path) })
        guard case .unreadable(let errorPath, let reason) = thrown else {
            Issue.record("\(thrown)")
            return
        }
        #expect(errorPath == path)
        #expect(reason.hasPrefix("not a DICOM file: no Part 10 header"), "\(reason)")
        #expect(thrown.description.hasPrefix(path + ": "))
    }

    @Test(arguments: [("header", 700), ("pixel data", 300_000)])
    func truncatedFileIsUnreadable(cut: String, length: Int) throws {
        let space = try Workspace()
        try #require(length < space.original.count)
        let path = try space.write("truncated.dcm", space.original.prefix(length))
        let thrown = try #require(error { _ = try DICOMFile(path: path) })
        guard case .unreadable(let errorPath, let reason) = thrown else {
            Issue.record("\(thrown)")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("Part 10 file is truncated or corrupt (\(length) bytes)"), "\(reason)")
        if cut == "pixel data" { #expect(reason.contains("PixelData"), "DCMTK's log names the element: \(reason)") }
    }

    /// Rows 600 (or 500) instead of 512: Pixel Data no longer has Rows × Columns × 2 bytes.
    @Test(arguments: [600, 500])
    func wrongPixelDataLengthIsUndecodable(rows: Int) throws {
        let space = try Workspace()
        let at = try space.offset(of: Self.rowsHeader) + 8
        let path = try space.write("rows.dcm", space.patched(at: at, [UInt8(rows & 0xFF), UInt8(rows >> 8)]))
        let file = try DICOMFile(path: path)
        let expected = DICOMError.undecodablePixels(
            path: path,
            reason: "Pixel Data (7FE0,0010) holds 524288 bytes, but Rows × Columns × Samples per Pixel × Bits "
                + "Allocated/8 × Number of Frames = \(rows) × 512 × 1 × 16/8 × 1 = \(rows * 512 * 2) bytes")
        #expect(error { _ = try file.metadata() } == expected)
        #expect(error { _ = try file.pixels() } == expected)
    }

    /// The file cut just before the Pixel Data element: a valid dataset without pixels.
    @Test func missingPixelDataIsAnInvalidAttribute() throws {
        let space = try Workspace()
        let path = try space.write("nopixels.dcm", space.original.prefix(try space.offset(of: Self.pixelDataHeader)))
        let file = try DICOMFile(path: path)
        let expected = DICOMError.invalidAttribute(path: path, tag: "(7FE0,0010) PixelData", reason: "is absent")
        #expect(error { _ = try file.metadata() } == expected)
        #expect(error { _ = try file.pixels() } == expected)
        #expect(try file.metadata(validatingPixelData: false).rows == 512)
        #expect(!(try file.pixelDataInfo().isPresent))
    }

    @Test func absurdDimensionsExceedTheDefaultLimits() throws {
        let space = try Workspace()
        var bytes = space.patched(at: try space.offset(of: Self.rowsHeader) + 8, [0xFF, 0xFF])
        bytes.replaceSubrange(
            (try space.offset(of: Self.columnsHeader) + 8)..<(try space.offset(of: Self.columnsHeader) + 10),
            with: [0xFF, 0xFF])
        let path = try space.write("huge.dcm", bytes)
        let file = try DICOMFile(path: path)
        let expected = DICOMError.limitExceeded(
            path: path, reason: "(0028,0010) Rows is 65535, over the limit of 16384 (ReadingLimits.maxRows)")
        #expect(error { _ = try file.metadata() } == expected)
        #expect(error { _ = try file.pixels() } == expected)
    }

    @Test func smallLimitsRejectARealFile() throws {
        let path = try ReaderFixtures.shared("ct-head-gantry-tilt/01.dcm")
        let columns = try DICOMFile(path: path, limits: ReadingLimits(maxColumns: 256))
        #expect(
            error { _ = try columns.metadata() }
                == .limitExceeded(
                    path: path, reason: "(0028,0011) Columns is 512, over the limit of 256 (ReadingLimits.maxColumns)"))
        let bytes = try DICOMFile(path: path, limits: ReadingLimits(maxPixelDataBytes: 100_000))
        let thrown = try #require(error { _ = try bytes.pixels() })
        guard case .limitExceeded(let errorPath, let reason) = thrown else {
            Issue.record("\(thrown)")
            return
        }
        #expect(errorPath == path && reason.contains("524288 bytes exceeds the limit of 100000"), "\(reason)")
        let file = error { _ = try DICOMFile(path: path, limits: ReadingLimits(maxFileBytes: 4096)) }
        #expect(
            file
                == .limitExceeded(
                    path: path,
                    reason: "file of 526228 bytes exceeds the limit of 4096 (ReadingLimits.maxFileBytes)"))
        let frames = try DICOMFile(
            path: try ReaderFixtures.fixture("reader_signed12_dirty.dcm"), limits: ReadingLimits(maxFrames: 1))
        #expect(
            error { _ = try frames.metadata() }
                == .limitExceeded(
                    path: frames.path,
                    reason: "(0028,0008) NumberOfFrames is 2, over the limit of 1 (ReadingLimits.maxFrames)"))
    }

    /// StudyInstanceUID's tag renumbered to (0020,000C): the required attribute is missing.
    @Test func missingRequiredAttributeNamesTheTag() throws {
        let space = try Workspace()
        let at = try space.offset(of: [0x20, 0x00, 0x0D, 0x00, 0x55, 0x49])  // (0020,000D) UI
        let path = try space.write("nostudy.dcm", space.patched(at: at + 2, [0x0C]))
        let thrown = error { _ = try DICOMFile(path: path).metadata() }
        #expect(thrown == .invalidAttribute(path: path, tag: "(0020,000D) StudyInstanceUID", reason: "is absent"))
        #expect(thrown?.description == "\(path): (0020,000D) StudyInstanceUID: is absent")
    }

    /// "-125.0000000" patched to "-125.00x0000" in Image Position (Patient).
    @Test func malformedDecimalStringIsAnInvalidAttribute() throws {
        let space = try Workspace()
        let at = try space.offset(of: Array("-125.0000000\\-123.5404569".utf8))
        let path = try space.write("badipp.dcm", space.patched(at: at + 7, Array("x".utf8)))
        let thrown = error { _ = try DICOMFile(path: path).metadata() }
        #expect(
            thrown
                == .invalidAttribute(
                    path: path, tag: "(0020,0032) ImagePositionPatient",
                    reason: "value 1 '-125.00x0000' is not a finite decimal number"))
    }

    /// Rescale Slope's tag renumbered: a CT slice with an intercept but no slope cannot give HU.
    @Test func ctWithoutRescaleSlopeIsRejected() throws {
        let space = try Workspace()
        let at = try space.offset(of: [0x28, 0x00, 0x53, 0x10, 0x44, 0x53])  // (0028,1053) DS
        let path = try space.write("noslope.dcm", space.patched(at: at + 2, [0x55]))  // → (0028,1055)
        let file = try DICOMFile(path: path)
        let thrown = try #require(error { _ = try file.metadata() })
        guard case .invalidAttribute(let errorPath, let tag, let reason) = thrown else {
            Issue.record("\(thrown)")
            return
        }
        #expect(errorPath == path && tag == "(0028,1053) RescaleSlope")
        #expect(reason == "(0028,1052) RescaleIntercept is present without (0028,1053) RescaleSlope")
        #expect(error { _ = try file.pixels() } != nil)
    }

    @Test func missingFileIsTransientIOAndAFolderIsUnreadable() throws {
        let space = try Workspace()
        let missing = space.folder.appendingPathComponent("gone.dcm").path
        let thrown = error { _ = try DICOMFile(path: missing) }
        #expect(thrown == .io(path: missing, reason: "cannot stat: No such file or directory"))
        #expect(thrown?.isTransient == true)
        #expect(
            error { _ = try DICOMFile(path: space.folder.path) }
                == .unreadable(path: space.folder.path, reason: "not a regular file"))
    }
}
