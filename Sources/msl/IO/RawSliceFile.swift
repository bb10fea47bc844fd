import Foundation
import Imaging

/// One slice of a raw image file: headerless (or with a header to skip) little-endian samples,
/// row-major, x fastest, slices one after another. The interchange format of `msl simulate`
/// until the NIfTI and DICOM readers land.
struct RawSliceFile {
    enum SampleType: String, CaseIterable {
        case float32, int16, uint8

        var bytes: Int {
            switch self {
            case .float32: 4
            case .int16: 2
            case .uint8: 1
            }
        }
    }

    let path: String
    var type = SampleType.float32
    /// Slice size; nil infers a square single-slice file from its length.
    var size: (width: Int, height: Int)?
    /// Bytes to skip before the first slice (e.g. 352 for a NIfTI-1 `.nii`).
    var offset = 0
    var slice = 0
    var spacingMM: Double

    /// Reads the slice. Errors name the file and say what was expected.
    func read() throws -> Image2D {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CommandLineError("\(path): cannot read: \(error.localizedDescription)")
        }
        let available = data.count - offset
        guard available > 0 else {
            throw CommandLineError("\(path): \(data.count) bytes, not more than the \(offset)-byte offset")
        }
        let (width, height): (Int, Int)
        if let size {
            (width, height) = size
        } else {
            let samples = available / type.bytes
            let side = Int(Double(samples).squareRoot().rounded())
            guard side * side == samples, samples * type.bytes == available else {
                throw CommandLineError(
                    "\(path): \(available) bytes is not one square \(type.rawValue) slice; give its size with --ct-size/--mr-size WxH")
            }
            (width, height) = (side, side)
        }
        let sliceBytes = width * height * type.bytes
        let start = offset + slice * sliceBytes
        guard start + sliceBytes <= data.count else {
            let slices = available / sliceBytes
            throw CommandLineError(
                "\(path): holds \(available) bytes after the offset, \(slices) whole \(width)x\(height) \(type.rawValue) slice(s); slice \(slice) needs \(start + sliceBytes - offset)")
        }
        let pixels: [Float] = data.withUnsafeBytes { bytes in
            (0..<(width * height)).map { i in
                let at = start + i * type.bytes
                switch type {
                case .float32: return Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                case .int16: return Float(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int16.self)))
                case .uint8: return Float(bytes[at])
                }
            }
        }
        if let bad = pixels.firstIndex(where: { !$0.isFinite }) {
            throw CommandLineError("\(path): sample \(bad) (x \(bad % width), y \(bad / width)) is not a finite number")
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
