import Imaging

/// The Image Plane module (PS3.3 C.7.6.2) of one slice of a voxel grid: the one place every single-frame
/// image writer turns a `Geometry` into DICOM geometry.
extension DICOMDataset {
    /// Image Plane attributes of slice `k` of `geometry`:
    ///
    /// - Image Position (Patient) = the physical point of voxel (0, 0, k);
    /// - Image Orientation (Patient) = the direction's i and j columns (row, then column cosines);
    /// - Pixel Spacing = (spacing.y, spacing.x): row spacing (between rows, along j) first;
    /// - Slice Thickness = Spacing Between Slices = spacing.z;
    /// - Slice Location = Image Position · (row × column), the position along the plane's normal.
    ///
    /// Decimals are written by `DICOMNumber.decimalString` (at most 16 characters, at least 10 significant
    /// digits), so coordinates read back within about 1e-9 relative.
    func addImagePlane(of geometry: Geometry, slice k: Int) throws(DICOMError) {
        let position = geometry.physicalPoint(ofIndex: SIMD3(0, 0, k))
        let row = geometry.direction.column0
        let column = geometry.direction.column1
        let normal = SIMD3(
            row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z,
            row.x * column.y - row.y * column.x)
        try set(T.imagePositionPatient, decimals: [position.x, position.y, position.z])
        try set(T.imageOrientationPatient, decimals: [row.x, row.y, row.z, column.x, column.y, column.z])
        try set(T.pixelSpacing, decimals: [geometry.spacingMM.y, geometry.spacingMM.x])
        try set(T.sliceThickness, decimals: [geometry.spacingMM.z])
        try set(T.spacingBetweenSlices, decimals: [geometry.spacingMM.z])
        try set(T.sliceLocation, decimals: [(position * normal).sum()])
    }
}
