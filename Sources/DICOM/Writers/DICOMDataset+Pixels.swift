import Imaging

/// The Image Pixel module (PS3.3 C.7.6.3) of 16-bit monochrome single-frame images: the one place every
/// single-frame image writer turns voxel values into stored pixels.
extension DICOMDataset {
    /// Image Pixel attributes and Pixel Data (OW) of slice `k` of `volume`: Samples per Pixel 1,
    /// MONOCHROME2, Rows × Columns = size.y × size.x, Bits Allocated = Bits Stored = 16, High Bit 15,
    /// Pixel Representation from `map` (1 signed, 0 unsigned), and each voxel stored as
    /// `map.stored(value)` = round((value − intercept)/slope) clipped to the stored range.
    ///
    /// - Returns: the number of the slice's voxels that were clipped.
    func addMonochrome16Pixels(slice k: Int, of volume: Volume, map: StoredValueMap) throws(DICOMError) -> Int {
        let size = volume.size
        try set(T.samplesPerPixel, integers: [1])
        try set(T.photometricInterpretation, "MONOCHROME2")
        try set(T.rows, integers: [size.y])
        try set(T.columns, integers: [size.x])
        try set(T.bitsAllocated, integers: [16])
        try set(T.bitsStored, integers: [16])
        try set(T.highBit, integers: [15])
        try set(T.pixelRepresentation, integers: [map.isSigned ? 1 : 0])
        let count = size.x * size.y
        let start = k * count
        var clipped = 0
        var words = [UInt16](repeating: 0, count: count)
        for i in 0..<count {
            let (stored, wasClipped) = map.stored(volume.voxels[start + i])
            if wasClipped { clipped += 1 }
            words[i] = map.isSigned ? UInt16(bitPattern: Int16(stored)) : UInt16(stored)
        }
        try set(T.pixelData, values: words, vr: "OW")
        return clipped
    }
}
