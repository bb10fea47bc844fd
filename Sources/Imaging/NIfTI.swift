import Foundation

/// A reader for single-file NIfTI-1 images (`.nii`, magic "n+1"; gzip-compressed `.nii.gz` too).
///
/// The voxel → world map comes from the sform when `sform_code > 0`, else from the qform when
/// `qform_code > 0` (quaternion b, c, d with a = √(1 − b² − c² − d²), `qfac = pixdim[0]` flipping the third
/// column), else from `pixdim` alone (NIfTI-1 "method 1"). NIfTI world coordinates are RAS; they are turned
/// into DICOM LPS by negating x and y: p_LPS = diag(−1, −1, 1)·p_RAS. The 3×3 part is split into spacing (its
/// column norms) and direction (the normalised columns), which must be orthonormal (no shear).
/// Intensities are `scl_slope·stored + scl_inter` when `scl_slope` is finite and non-zero, else the stored
/// values. Data types: uint8, int8, int16, uint16, int32, uint32, float32, float64; either byte order
/// (detected from `sizeof_hdr` = 348). Only the first volume of a 4-D file is read.
public enum NIfTI {
    /// Decodes a NIfTI-1 single-file image into a `Volume` in LPS patient coordinates.
    ///
    /// - Throws: `ImagingError.invalidParameter` for a malformed header (wrong size or magic, unsupported data
    ///   type, truncated data), and the `Geometry` errors for a degenerate or sheared voxel → world map.
    public static func decode(_ data: Data) throws -> Volume {
        let bytes = [UInt8](Gzip.isCompressed(data) ? try Gzip.decompress(data) : data)
        guard bytes.count >= 352 else {
            throw ImagingError.invalidParameter(
                name: "NIfTI data length", value: "\(bytes.count) bytes", expected: "at least 352 (header + extender)")
        }
        let reader = ByteReader(bytes: bytes, bigEndian: false)
        let swapped: Bool
        if reader.int32(0) == 348 {
            swapped = false
        } else if ByteReader(bytes: bytes, bigEndian: true).int32(0) == 348 {
            swapped = true
        } else {
            throw ImagingError.invalidParameter(
                name: "NIfTI sizeof_hdr", value: "\(reader.int32(0))",
                expected: "348 (NIfTI-1; NIfTI-2 is not read)")
        }
        let r = ByteReader(bytes: bytes, bigEndian: swapped)
        let magic = String(decoding: bytes[344..<347], as: UTF8.self)
        guard magic == "n+1" else {
            throw ImagingError.invalidParameter(
                name: "NIfTI magic", value: "\"\(magic)\"", expected: "\"n+1\" (single-file .nii)")
        }
        let dimensions = Int(r.int16(40))
        guard (1...7).contains(dimensions) else {
            throw ImagingError.invalidParameter(name: "NIfTI dim[0]", value: "\(dimensions)", expected: "1...7")
        }
        var size = SIMD3<Int>(1, 1, 1)
        for axis in 0..<min(3, dimensions) { size[axis] = Int(r.int16(42 + 2 * axis)) }
        let datatype = Int(r.int16(70))
        let bytesPerVoxel: Int
        switch datatype {
        case 2, 256: bytesPerVoxel = 1
        case 4, 512: bytesPerVoxel = 2
        case 8, 16, 768: bytesPerVoxel = 4
        case 64: bytesPerVoxel = 8
        default:
            throw ImagingError.invalidParameter(
                name: "NIfTI datatype", value: "\(datatype)",
                expected: "2, 4, 8, 16, 64, 256, 512 or 768 (scalar integer or float)")
        }
        guard size.x >= 1, size.y >= 1, size.z >= 1 else { throw ImagingError.invalidSize([size.x, size.y, size.z]) }
        let pixdim = (0..<4).map { Double(r.float32(76 + 4 * $0)) }
        let voxelOffset = Int(r.float32(108))
        let count = size.x * size.y * size.z
        guard voxelOffset >= 348, voxelOffset + count * bytesPerVoxel <= bytes.count else {
            throw ImagingError.invalidParameter(
                name: "NIfTI voxel data", value: "offset \(voxelOffset), \(bytes.count) bytes in all",
                expected: "\(count * bytesPerVoxel) bytes of voxels after the header")
        }

        // Voxel → RAS: 3×3 matrix M (columns = index axes) and offset.
        var m = Matrix3(diagonal: SIMD3(abs(pixdim[1]), abs(pixdim[2]), abs(pixdim[3])))
        var offset = SIMD3<Double>.zero
        let qformCode = r.int16(252)
        let sformCode = r.int16(254)
        if sformCode > 0 {
            let rows = (0..<3).map { row in (0..<4).map { Double(r.float32(280 + 16 * row + 4 * $0)) } }
            m = Matrix3(
                rows: (
                    SIMD3(rows[0][0], rows[0][1], rows[0][2]), SIMD3(rows[1][0], rows[1][1], rows[1][2]),
                    SIMD3(rows[2][0], rows[2][1], rows[2][2])
                ))
            offset = SIMD3(rows[0][3], rows[1][3], rows[2][3])
        } else if qformCode > 0 {
            let (b, c, d) = (Double(r.float32(256)), Double(r.float32(260)), Double(r.float32(264)))
            let a = max(0, 1 - (b * b + c * c + d * d)).squareRoot()
            let rotation = Matrix3(
                rows: (
                    SIMD3(a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)),
                    SIMD3(2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)),
                    SIMD3(2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b)
                ))
            let qfac: Double = pixdim[0] < 0 ? -1 : 1
            m = rotation * Matrix3(diagonal: SIMD3(abs(pixdim[1]), abs(pixdim[2]), qfac * abs(pixdim[3])))
            offset = SIMD3(Double(r.float32(268)), Double(r.float32(272)), Double(r.float32(276)))
        }
        let rasToLPS = Matrix3(diagonal: SIMD3(-1, -1, 1))
        let lps = rasToLPS * m
        let spacing = SIMD3(
            (lps.column0 * lps.column0).sum().squareRoot(), (lps.column1 * lps.column1).sum().squareRoot(),
            (lps.column2 * lps.column2).sum().squareRoot())
        guard spacing.x > 0, spacing.y > 0, spacing.z > 0 else {
            throw ImagingError.invalidSpacing([spacing.x, spacing.y, spacing.z])
        }
        let direction = Matrix3(
            columns: (lps.column0 / spacing.x, lps.column1 / spacing.y, lps.column2 / spacing.z))
        let geometry = try Geometry(
            size: size, originMM: rasToLPS * offset, spacingMM: spacing, direction: direction)

        let slope = Double(r.float32(112))
        let intercept = Double(r.float32(116))
        let scaled = slope.isFinite && slope != 0
        var voxels = [Float](repeating: 0, count: count)
        for n in 0..<count {
            let at = voxelOffset + n * bytesPerVoxel
            let raw: Double
            switch datatype {
            case 2: raw = Double(bytes[at])
            case 256: raw = Double(Int8(bitPattern: bytes[at]))
            case 4: raw = Double(r.int16(at))
            case 512: raw = Double(UInt16(bitPattern: r.int16(at)))
            case 8: raw = Double(r.int32(at))
            case 768: raw = Double(UInt32(bitPattern: r.int32(at)))
            case 16: raw = Double(r.float32(at))
            default: raw = r.float64(at)
            }
            voxels[n] = Float(scaled ? slope * raw + (intercept.isFinite ? intercept : 0) : raw)
        }
        return try Volume(geometry: geometry, voxels: voxels)
    }

    /// Little- or big-endian reads from a byte array at byte offsets known to be in range.
    struct ByteReader {
        let bytes: [UInt8]
        let bigEndian: Bool

        func unsigned(_ at: Int, _ width: Int) -> UInt64 {
            var value: UInt64 = 0
            for k in 0..<width {
                let byte = UInt64(bytes[bigEndian ? at + k : at + width - 1 - k])
                value = value << 8 | byte
            }
            return value
        }
        func int16(_ at: Int) -> Int16 { Int16(truncatingIfNeeded: unsigned(at, 2)) }
        func int32(_ at: Int) -> Int32 { Int32(truncatingIfNeeded: unsigned(at, 4)) }
        func float32(_ at: Int) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: unsigned(at, 4))) }
        func float64(_ at: Int) -> Double { Double(bitPattern: unsigned(at, 8)) }
    }
}
