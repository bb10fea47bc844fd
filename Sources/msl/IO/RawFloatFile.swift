import Foundation
import Imaging

/// Raw little-endian float32 images: the interchange format of `msl simulate` until NIfTI and
/// DICOM readers land. Row-major, x fastest, no header.
enum RawFloatFile {
    /// Reads `path` as a `width`×`height` image; without a size, a square image is inferred from
    /// the byte count. Errors name the file and say what was expected.
    static func read(_ path: String, size: (width: Int, height: Int)?, spacingMM: Double) throws -> Image2D {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CommandLineError("\(path): cannot read: \(error.localizedDescription)")
        }
        guard data.count % 4 == 0, !data.isEmpty else {
            throw CommandLineError("\(path): \(data.count) bytes is not a whole number of float32 values")
        }
        let count = data.count / 4
        let (width, height): (Int, Int)
        if let size {
            guard size.width * size.height == count else {
                throw CommandLineError(
                    "\(path): holds \(count) float32 values, but --size \(size.width)x\(size.height) needs \(size.width * size.height)")
            }
            (width, height) = size
        } else {
            let side = Int(Double(count).squareRoot().rounded())
            guard side * side == count else {
                throw CommandLineError("\(path): \(count) values is not a square image; give its size with --size WxH")
            }
            (width, height) = (side, side)
        }
        let pixels = data.withUnsafeBytes { bytes in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        if let bad = pixels.firstIndex(where: { !$0.isFinite }) {
            throw CommandLineError("\(path): value \(bad) (x \(bad % width), y \(bad / width)) is not a finite number")
        }
        return Image2D(width: width, height: height, pixels: pixels, spacingMM: SIMD2(spacingMM, spacingMM))
    }

    /// The image's pixels as little-endian float32 bytes.
    static func encode(_ image: Image2D) -> Data {
        var data = Data(capacity: image.pixels.count * 4)
        for value in image.pixels { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }
}

/// An error already phrased for the person at the terminal (file, problem, remedy).
struct CommandLineError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
