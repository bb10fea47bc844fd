/// Resamples `moving` onto the `fixed` grid: output voxel n holds moving(T(p(n))), where p(n) is the
/// fixed voxel centre and T maps fixed to moving physical points (ITK `ResampleImageFilter`).
///
/// Points outside the moving buffer (−0.5 ≤ index < size − 0.5 fails on some axis) get `fill`. The
/// output takes the fixed geometry, frame of reference included. Work is split over output rows.
public func resample(
    _ moving: Volume, onto fixed: Geometry, transform: AffineTransform = .identity,
    interpolation: Interpolation = .linear, fill: Float = 0
) -> Volume {
    VolumeInterpolator(moving, interpolation: interpolation).resample(onto: fixed, transform: transform, fill: fill)
}

/// Resamples a 2-D image onto another 2-D grid, as the 3-D `resample` on one-slice volumes (z = 0):
/// a transform should keep the plane z = 0, e.g. a rotation about z.
public func resample(
    _ moving: Image2D, onto fixed: Grid2D, transform: AffineTransform = .identity,
    interpolation: Interpolation = .linear, fill: Float = 0
) -> Image2D {
    let output = resample(
        moving.asVolume, onto: fixed.geometry, transform: transform, interpolation: interpolation, fill: fill)
    return Image2D(
        width: fixed.width, height: fixed.height, pixels: output.voxels, spacingMM: fixed.spacingMM,
        originMM: fixed.originMM)
}

extension VolumeInterpolator {
    /// Resamples this interpolator's volume onto `fixed` (see the free function `resample`); reuse one
    /// interpolator to resample under many transforms without repeating the B-spline prefilter.
    public func resample(onto fixed: Geometry, transform: AffineTransform = .identity, fill: Float = 0) -> Volume {
        // Fixed index n → moving continuous index m = M·n + b, an affine map composed once:
        // m = P_m⁻¹·(A·(o_f + P_f·n) + offset − o_m) with P = D·diag(spacing).
        let linear = geometry.physicalToIndex * transform.matrix * fixed.indexToPhysical
        let shift =
            geometry.physicalToIndex
            * (transform.matrix * fixed.originMM + transform.offsetMM - geometry.originMM)
        let size = fixed.size
        var voxels = [Float](repeating: fill, count: fixed.voxelCount)
        voxels.withUnsafeMutableBufferPointer { buffer in
            let output = UnsafeSendable(buffer)
            parallelFor(size.y * size.z, minimumChunk: max(1, 4096 / size.x)) { rows in
                for row in rows {
                    let (j, k) = (row % size.y, row / size.y)
                    let start = shift + linear * SIMD3(0, Double(j), Double(k))
                    for i in 0..<size.x {
                        if let value = self.value(atContinuousIndex: start + Double(i) * linear.column0) {
                            output.value[row * size.x + i] = value
                        }
                    }
                }
            }
        }
        return Volume(unchecked: fixed, voxels: voxels)
    }
}
