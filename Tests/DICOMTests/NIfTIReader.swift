import Foundation

/// A minimal NIfTI-1 reader for comparing with dcm2niix: header fields, the sform affine (RAS)
/// and voxels as Float (scl_slope/inter applied). Test-only; handles int16, uint16, float32.
struct NIfTIVolume {
    let dimensions: [Int]  // nx, ny, nz
    let spacing: [Double]
    /// Rows of the sform: world_RAS = srow · [i, j, k, 1].
    let srow: [[Double]]
    let voxels: [Float]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        func int16(_ at: Int) -> Int { Int(data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: Int16.self) }) }
        func float32(_ at: Int) -> Double { Double(data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: Float.self) }) }
        guard data.count > 352, data.withUnsafeBytes({ $0.loadUnaligned(as: Int32.self) }) == 348 else {
            throw CocoaError(.fileReadCorruptFile)
        }
        dimensions = (1...3).map { int16(40 + 2 * $0) }
        spacing = (1...3).map { float32(76 + 4 * $0) }
        srow = (0..<3).map { row in (0..<4).map { float32(280 + 16 * row + 4 * $0) } }
        let datatype = int16(70)
        let offset = Int(float32(108))
        let slope = float32(112) == 0 ? 1 : float32(112)
        let intercept = float32(116)
        let count = dimensions.reduce(1, *)
        voxels = data.withUnsafeBytes { bytes in
            (0..<count).map { i -> Float in
                let raw: Double
                switch datatype {
                case 4: raw = Double(bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: Int16.self))
                case 512: raw = Double(bytes.loadUnaligned(fromByteOffset: offset + 2 * i, as: UInt16.self))
                case 16: raw = Double(bytes.loadUnaligned(fromByteOffset: offset + 4 * i, as: Float.self))
                default: raw = .nan
                }
                return Float(raw * slope + intercept)
            }
        }
    }

    /// The LPS position (DICOM patient coordinates) of voxel (i, j, k).
    func patientPoint(_ i: Int, _ j: Int, _ k: Int) -> SIMD3<Double> {
        let index = [Double(i), Double(j), Double(k), 1]
        let ras = srow.map { row in zip(row, index).map(*).reduce(0, +) }
        return SIMD3(-ras[0], -ras[1], ras[2])
    }
}
