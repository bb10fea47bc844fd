import Foundation

/// Encodes 8- or 16-bit greyscale PNG (ISO/IEC 15948) so that a person can look at an image:
/// simulation outputs, report figures. Pure computation: the caller writes the bytes.
///
/// The zlib stream uses stored (uncompressed) deflate blocks: larger files, but no compression
/// library and nothing to get wrong; every viewer reads them.
public enum PNGEncoder {
    /// Greyscale PNG of `image`, mapping `window.lowerBound` → black and `window.upperBound` →
    /// white (values outside are clipped); the default window is the image's own range.
    public static func greyscale(_ image: Image2D, window: ClosedRange<Float>? = nil, bitDepth: Int = 8) -> Data {
        precondition(bitDepth == 8 || bitDepth == 16, "PNGEncoder: bit depth must be 8 or 16, got \(bitDepth)")
        let range = window ?? ((image.pixels.min() ?? 0)...(image.pixels.max() ?? 1))
        let span = range.upperBound > range.lowerBound ? range.upperBound - range.lowerBound : 1
        let maximum = Float(bitDepth == 8 ? 255 : 65535)
        let bytesPerPixel = bitDepth / 8
        var raw = [UInt8]()
        raw.reserveCapacity(image.height * (1 + image.width * bytesPerPixel))
        for y in 0..<image.height {
            raw.append(0)  // filter type None
            for x in 0..<image.width {
                let v = image.pixels[y * image.width + x]
                let level = v.isNaN ? 0 : UInt16((min(max((v - range.lowerBound) / span, 0), 1) * maximum).rounded())
                if bitDepth == 16 { raw.append(UInt8(level >> 8)) }
                raw.append(UInt8(truncatingIfNeeded: level))
            }
        }
        var header = [UInt8]()
        header += bigEndian(UInt32(image.width)) + bigEndian(UInt32(image.height))
        header += [UInt8(bitDepth), 0, 0, 0, 0]  // greyscale, deflate, adaptive filtering, no interlace
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", header)
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return Data(png)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    /// zlib (RFC 1950) wrapping deflate (RFC 1951) stored blocks of at most 65 535 bytes.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length == data.count ? 1 : 0
            out += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        return out + bigEndian(adler32(data))
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
