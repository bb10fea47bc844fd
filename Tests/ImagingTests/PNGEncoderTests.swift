import Foundation
import Testing

@testable import Imaging

@Suite struct PNGEncoderTests {
    @Test func checksumsMatchKnownValues() {
        // Standard check values: CRC-32 of "123456789" is 0xCBF43926, Adler-32 of "Wikipedia" 0x11E60398.
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    /// Python's zlib (an independent inflater) must decode our stream, and a real PNG reader
    /// (Python's built-in zlib + the PNG structure, via a tiny script) must read back the pixels.
    @Test func pythonDecodesTheImage() throws {
        let image = Image2D(width: 3, height: 2, pixels: [0, 0.5, 1, 1, 0.25, 0])
        let png = PNGEncoder.greyscale(image, window: 0...1)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msl-png-\(getpid()).png")
        try png.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat, size = 8, b'', None
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + n]
                assert zlib.crc32(kind + body) == struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])[0]
                if kind == b'IHDR': size = struct.unpack('>II', body[:8])
                if kind == b'IDAT': idat += body
                pos += 12 + n
            raw = zlib.decompress(idat)
            w, h = size
            print(' '.join(str(raw[y * (w + 1) + 1 + x]) for y in range(h) for x in range(w)))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, url.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "0 128 255 255 64 0")
    }

    @Test func largeImagesSpanSeveralStoredBlocks() {
        let image = Image2D(width: 300, height: 300, repeating: 0.5)
        let stream = PNGEncoder.zlibStored([UInt8](repeating: 7, count: 150_000))
        #expect(stream.count == 2 + 150_000 + 3 * 5 + 4)  // header, data, three block headers, Adler-32
        #expect(PNGEncoder.greyscale(image).count > 90_000)
    }
}
