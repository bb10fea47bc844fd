/// A 3-D single-channel Float32 volume with its patient geometry.
///
/// Voxels are stored x fastest, then y, then z: voxel (i, j, k) is at
/// `voxels[i + size.x·(j + size.y·k)]`, i along a row (DICOM columns), j down the rows, k across
/// slices. Intensities carry whatever unit the producer documents (HU, μ, [0,1]).
public struct Volume: Sendable, Equatable {
    /// Where the grid sits in the patient (LPS, mm).
    public let geometry: Geometry
    /// One value per voxel, x fastest; count = geometry.voxelCount.
    public var voxels: [Float]

    /// A volume with the given voxels.
    ///
    /// - Throws: `ImagingError.countMismatch` unless `voxels.count == geometry.voxelCount`.
    public init(geometry: Geometry, voxels: [Float]) throws {
        guard voxels.count == geometry.voxelCount else {
            throw ImagingError.countMismatch(expected: geometry.voxelCount, actual: voxels.count, what: "Volume voxels")
        }
        self.geometry = geometry
        self.voxels = voxels
    }

    /// A volume whose voxel count is known to match (internal fast path).
    init(unchecked geometry: Geometry, voxels: [Float]) {
        precondition(voxels.count == geometry.voxelCount, "Volume: voxel count does not match the geometry")
        self.geometry = geometry
        self.voxels = voxels
    }

    /// A volume of one value.
    public init(geometry: Geometry, repeating value: Float = 0) {
        self.geometry = geometry
        self.voxels = Array(repeating: value, count: geometry.voxelCount)
    }

    /// Samples along i, j, k.
    public var size: SIMD3<Int> { geometry.size }

    /// The voxel at column i, row j, slice k.
    public subscript(i: Int, j: Int, k: Int) -> Float {
        get { voxels[geometry.offset(i: i, j: j, k: k)] }
        set { voxels[geometry.offset(i: i, j: j, k: k)] = newValue }
    }
}
