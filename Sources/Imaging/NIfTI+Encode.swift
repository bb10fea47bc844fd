import Foundation

extension NIfTI {
    /// Encodes a volume as a single-file NIfTI-1 image (float32, little-endian), so that any
    /// viewer can open msl's intermediate volumes. The voxel → world map goes into the sform
    /// (`sform_code` 1, scanner coordinates), converted from DICOM LPS to NIfTI RAS by negating
    /// x and y; `pixdim` holds the spacing. `decode(encode(v))` gives `v` back.
    ///
    /// - Parameter dataType: `.float32` (default, exact) or `.uint8` for label maps (values rounded and
    ///   clamped to 0…255).
    public static func encode(_ volume: Volume, as dataType: DataType = .float32) -> Data {
        var header = [UInt8](repeating: 0, count: 352)
        func put<T>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value) { header.replaceSubrange(offset..<(offset + $0.count), with: $0) }
        }
        let g = volume.geometry
        put(Int32(348), at: 0)
        for (i, d) in [3, g.size.x, g.size.y, g.size.z, 1, 1, 1, 1].enumerated() { put(Int16(d), at: 40 + 2 * i) }
        put(Int16(dataType == .float32 ? 16 : 2), at: 70)  // datatype: float32 or uint8
        put(Int16(dataType == .float32 ? 32 : 8), at: 72)  // bitpix
        for (i, p) in [1.0, g.spacingMM.x, g.spacingMM.y, g.spacingMM.z, 0, 0, 0, 0].enumerated() {
            put(Float(p), at: 76 + 4 * i)
        }
        put(Float(352), at: 108)  // vox_offset
        put(Float(1), at: 112)  // scl_slope
        put(Int16(1), at: 254)  // sform_code: scanner
        // Column c of the affine is direction[:, c]·spacing[c]; the last column is the origin.
        let columns = [g.direction.column0 * g.spacingMM.x, g.direction.column1 * g.spacingMM.y, g.direction.column2 * g.spacingMM.z]
        let flip = SIMD3<Double>(-1, -1, 1)
        for row in 0..<3 {
            let values = columns.map { ($0 * flip)[row] } + [(g.originMM * flip)[row]]
            for (c, v) in values.enumerated() { put(Float(v), at: 280 + 16 * row + 4 * c) }
        }
        header.replaceSubrange(344..<348, with: Array("n+1\0".utf8))
        var data = Data(header)
        switch dataType {
        case .float32: volume.voxels.withUnsafeBytes { data.append(contentsOf: $0) }
        case .uint8: data.append(contentsOf: volume.voxels.map { UInt8(max(0, min(255, $0.rounded()))) })
        }
        return data
    }

    /// Voxel types `encode` writes.
    public enum DataType: Sendable {
        case float32, uint8
    }
}
