/// The orthonormal, right-handed frame of an image plane, from ImageOrientationPatient (0020,0037).
///
/// `row` is the row direction cosine (the direction of increasing column index, image x), `column`
/// the column direction cosine (increasing row index, image y), `normal` = row × column. DICOM
/// stores the cosines as decimal strings of about six digits, so they are unit and orthogonal only to
/// that precision; the frame normalises the row cosine and Gram–Schmidt-orthogonalises the column
/// cosine against it (each moves by less than the gate's 1e-3 orthonormality tolerance), which makes
/// the direction matrix orthonormal to machine precision.
struct PlaneFrame: Sendable, Equatable {
    /// Unit row direction cosine (image x).
    let row: SIMD3<Double>
    /// Unit column direction cosine (image y), orthogonal to `row`.
    let column: SIMD3<Double>
    /// row × column: the slice normal.
    let normal: SIMD3<Double>

    /// The frame of two cosines, or nil when either is absent, non-finite, or degenerate.
    init?(row r: SIMD3<Double>?, column c: SIMD3<Double>?) {
        guard let r, let c, r.isFinite, c.isFinite, r.norm > 1e-6 else { return nil }
        let row = r / r.norm
        let orthogonal = c - row.dot(c) * row
        guard orthogonal.norm > 1e-6 else { return nil }
        self.row = row
        self.column = orthogonal / orthogonal.norm
        self.normal = row.cross(self.column)
    }

    /// The frame of one instance's ImageOrientationPatient.
    init?(_ instance: InstanceMetadata) {
        self.init(row: instance.imageOrientationRow, column: instance.imageOrientationColumn)
    }

    /// Signed distance of a point along the normal: p · n (mm).
    func coordinate(of point: SIMD3<Double>) -> Double { point.dot(normal) }
}

/// Largest |difference| of the six ImageOrientationPatient cosines of two instances, or nil when
/// either lacks the attribute.
func orientationDifference(_ a: InstanceMetadata, _ b: InstanceMetadata) -> Double? {
    guard let ar = a.imageOrientationRow, let ac = a.imageOrientationColumn, let br = b.imageOrientationRow,
        let bc = b.imageOrientationColumn
    else { return nil }
    return max((ar - br).maxMagnitude, (ac - bc).maxMagnitude)
}

extension SIMD3 where Scalar == Double {
    /// Euclidean length.
    var norm: Double { (self * self).sum().squareRoot() }
    /// Largest |component|.
    var maxMagnitude: Double { Swift.max(Swift.abs(x), Swift.abs(y), Swift.abs(z)) }
    /// Whether every component is finite.
    var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
    /// Dot product.
    func dot(_ other: SIMD3<Double>) -> Double { (self * other).sum() }
    /// Cross product self × other.
    func cross(_ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(y * b.z - z * b.y, z * b.x - x * b.z, x * b.y - y * b.x)
    }
}
