import Foundation

/// An affine map of physical space, in ITK's centred form: y = A·(x − c) + c + t (all in mm, LPS).
///
/// As in ITK, a registration transform maps points of the FIXED image to points of the MOVING image:
/// resampling a moving image onto a fixed grid evaluates the moving image at T(p) for every fixed
/// voxel centre p. The centre c changes the parametrisation (rotate about c), not the family of maps:
/// the same map has offset o = c + t − A·c in y = A·x + o.
public struct AffineTransform: Sendable, Equatable, Codable {
    /// The linear part A (rotation, scaling, shear).
    public var matrix: Matrix3
    /// Translation t (mm), applied after the centred linear part.
    public var translationMM: SIMD3<Double>
    /// Centre c (mm, LPS) about which A acts (ITK's fixed parameters).
    public var centerMM: SIMD3<Double>

    /// y = A·(x − c) + c + t.
    public init(matrix: Matrix3 = .identity, translationMM: SIMD3<Double> = .zero, centerMM: SIMD3<Double> = .zero) {
        self.matrix = matrix
        self.translationMM = translationMM
        self.centerMM = centerMM
    }

    /// The identity map.
    public static let identity = AffineTransform()

    /// A pure translation y = x + t.
    public static func translation(_ t: SIMD3<Double>) -> AffineTransform { AffineTransform(translationMM: t) }

    /// o = c + t − A·c, so that y = A·x + o.
    public var offsetMM: SIMD3<Double> { centerMM + translationMM - matrix * centerMM }

    /// Maps a physical point: y = A·(x − c) + c + t.
    public func apply(to point: SIMD3<Double>) -> SIMD3<Double> {
        matrix * (point - centerMM) + centerMM + translationMM
    }

    /// The map x ↦ self(inner(x)) (inner first), centred at inner's centre.
    ///
    /// With y = A₁(z − c₁) + c₁ + t₁ and z = A₂(x − c₂) + c₂ + t₂:
    /// y = A₁A₂(x − c₂) + c₂ + t with t = A₁(c₂ + t₂ − c₁) + c₁ + t₁ − c₂.
    public func composed(after inner: AffineTransform) -> AffineTransform {
        let c2 = inner.centerMM
        let t = matrix * (c2 + inner.translationMM - centerMM) + centerMM + translationMM - c2
        return AffineTransform(matrix: matrix * inner.matrix, translationMM: t, centerMM: c2)
    }

    /// The inverse map, same centre: x = A⁻¹(y − c) + c − A⁻¹t.
    ///
    /// - Throws: `ImagingError.singularTransform` when A cannot be inverted.
    public func inverted() throws -> AffineTransform {
        guard let inverse = matrix.inverse else {
            throw ImagingError.singularTransform(determinant: matrix.determinant)
        }
        return AffineTransform(matrix: inverse, translationMM: -(inverse * translationMM), centerMM: centerMM)
    }
}

extension AffineTransform {
    /// A rigid transform from Euler angles as ITK's `Euler3DTransform` (default ZXY order,
    /// `ComputeZYX` off): A = R_z(θz)·R_x(θx)·R_y(θy), i.e. a vector is rotated first about y, then
    /// about x, then about z, with the right-handed elementary rotations
    ///
    ///     R_x = [1 0 0; 0 cx −sx; 0 sx cx], R_y = [cy 0 sy; 0 1 0; −sy 0 cy], R_z = [cz −sz 0; sz cz 0; 0 0 1].
    ///
    /// ITK's parameter vector is (θx, θy, θz, tx, ty, tz) in radians and mm, with the centre as a fixed
    /// parameter; `eulerParameters` returns the same six numbers.
    public init(
        eulerAnglesRadians angles: SIMD3<Double>, translationMM: SIMD3<Double> = .zero, centerMM: SIMD3<Double> = .zero
    ) {
        let matrix = Matrix3.rotation(aboutZ: angles.z) * Matrix3.rotation(aboutX: angles.x) * Matrix3.rotation(aboutY: angles.y)
        self.init(matrix: matrix, translationMM: translationMM, centerMM: centerMM)
    }

    /// ITK Euler3D parameters (θx, θy, θz, tx, ty, tz) recovered from a rotation matrix built in ZXY
    /// order, as `Euler3DTransform::ComputeMatrixParameters`: θx = asin(A₂₁), θy = atan2(−A₂₀, A₂₂),
    /// θz = atan2(−A₀₁, A₁₁) (gimbal lock, cos θx ≈ 0: θz = 0, θy = atan2(A₁₀, A₀₀)).
    public var eulerParameters: [Double] {
        let m = matrix
        let ax = asin(max(-1, min(1, m[2, 1])))
        let ay: Double
        let az: Double
        if abs(cos(ax)) > 5e-5 {
            ay = atan2(-m[2, 0], m[2, 2])
            az = atan2(-m[0, 1], m[1, 1])
        } else {
            az = 0
            ay = atan2(m[1, 0], m[0, 0])
        }
        return [ax, ay, az, translationMM.x, translationMM.y, translationMM.z]
    }
}
