import Foundation

/// A 3×3 Double matrix stored by columns (direction cosines, affine matrices).
///
/// `Matrix3(columns: (i, j, k))` puts `i` in column 0: for a direction matrix the columns are
/// the unit vectors of the image's i, j, k axes in patient coordinates, so `m * v` maps index
/// offsets to physical offsets. Linux has no `simd` matrix types, hence this small one.
public struct Matrix3: Sendable, Equatable, Hashable, Codable {
    /// Column 0 (the image of the unit x vector).
    public var column0: SIMD3<Double>
    /// Column 1 (the image of the unit y vector).
    public var column1: SIMD3<Double>
    /// Column 2 (the image of the unit z vector).
    public var column2: SIMD3<Double>

    /// A matrix from its three columns.
    public init(columns: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)) {
        (column0, column1, column2) = columns
    }

    /// A matrix from its three rows (reads like the printed matrix).
    public init(rows: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)) {
        let (r0, r1, r2) = rows
        self.init(columns: (SIMD3(r0.x, r1.x, r2.x), SIMD3(r0.y, r1.y, r2.y), SIMD3(r0.z, r1.z, r2.z)))
    }

    /// A diagonal matrix.
    public init(diagonal d: SIMD3<Double>) {
        self.init(columns: (SIMD3(d.x, 0, 0), SIMD3(0, d.y, 0), SIMD3(0, 0, d.z)))
    }

    /// The identity matrix.
    public static let identity = Matrix3(diagonal: SIMD3(1, 1, 1))

    /// Column `index` (0, 1 or 2).
    public func column(_ index: Int) -> SIMD3<Double> {
        switch index {
        case 0: return column0
        case 1: return column1
        default:
            precondition(index == 2, "Matrix3: column \(index) out of range")
            return column2
        }
    }

    /// Row `index` (0, 1 or 2).
    public func row(_ index: Int) -> SIMD3<Double> { SIMD3(column0[index], column1[index], column2[index]) }

    /// The entry in `row`, `column`.
    public subscript(row: Int, column: Int) -> Double { self.column(column)[row] }

    /// The transpose.
    public var transpose: Matrix3 { Matrix3(columns: (row(0), row(1), row(2))) }

    /// det = c0 · (c1 × c2).
    public var determinant: Double { (column0 * cross(column1, column2)).sum() }

    /// The exact inverse (adjugate / determinant), or nil where |det| ≤ 1e-12·‖M‖³ (singular).
    public var inverse: Matrix3? {
        let det = determinant
        let scale = max(column0.magnitude, column1.magnitude, column2.magnitude)
        guard det.isFinite, abs(det) > 1e-12 * scale * scale * scale else { return nil }
        // Rows of the inverse are the cross products of column pairs divided by det.
        let r0 = cross(column1, column2) / det
        let r1 = cross(column2, column0) / det
        let r2 = cross(column0, column1) / det
        return Matrix3(rows: (r0, r1, r2))
    }

    /// Largest |entry| of self − other.
    public func maxAbsoluteDifference(to other: Matrix3) -> Double {
        let d0 = column0 - other.column0
        let d1 = column1 - other.column1
        let d2 = column2 - other.column2
        return max(d0.maxAbsolute, d1.maxAbsolute, d2.maxAbsolute)
    }

    /// Matrix–vector product.
    public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        m.column0 * v.x + m.column1 * v.y + m.column2 * v.z
    }

    /// Matrix product: (a * b) * v = a * (b * v).
    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(columns: (a * b.column0, a * b.column1, a * b.column2))
    }
}

/// The cross product a × b.
@inlinable func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

extension SIMD3 where Scalar == Double {
    /// The Euclidean norm.
    var magnitude: Double { (self * self).sum().squareRoot() }

    /// The largest |component| (the max norm).
    var maxAbsolute: Double { Swift.max(Swift.abs(x), Swift.abs(y), Swift.abs(z)) }
}

extension Matrix3 {
    /// Right-handed rotation by `angle` radians about x: [1 0 0; 0 c −s; 0 s c].
    public static func rotation(aboutX angle: Double) -> Matrix3 {
        let (c, s) = (cos(angle), sin(angle))
        return Matrix3(rows: (SIMD3(1, 0, 0), SIMD3(0, c, -s), SIMD3(0, s, c)))
    }

    /// Right-handed rotation by `angle` radians about y: [c 0 s; 0 1 0; −s 0 c].
    public static func rotation(aboutY angle: Double) -> Matrix3 {
        let (c, s) = (cos(angle), sin(angle))
        return Matrix3(rows: (SIMD3(c, 0, s), SIMD3(0, 1, 0), SIMD3(-s, 0, c)))
    }

    /// Right-handed rotation by `angle` radians about z: [c −s 0; s c 0; 0 0 1].
    public static func rotation(aboutZ angle: Double) -> Matrix3 {
        let (c, s) = (cos(angle), sin(angle))
        return Matrix3(rows: (SIMD3(c, -s, 0), SIMD3(s, c, 0), SIMD3(0, 0, 1)))
    }
}
