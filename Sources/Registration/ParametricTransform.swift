import Foundation
import Imaging

/// A transform family with its parameter vector, in ITK's centred form y = A(μ)·(x − c) + c + t(μ).
///
/// Parameters (ITK order): translation (tx, ty, tz); rigid (θx, θy, θz, tx, ty, tz) with
/// A = R_z(θz)·R_x(θx)·R_y(θy) (`Euler3DTransform`, ZXY); affine (A₀₀, A₀₁, …, A₂₂, tx, ty, tz).
struct ParametricTransform: Sendable, Equatable {
    let kind: RegistrationConfiguration.TransformKind
    /// The centre c (mm, LPS), fixed during optimisation.
    let centerMM: SIMD3<Double>
    var parameters: [Double]

    /// Number of parameters of a family.
    static func parameterCount(_ kind: RegistrationConfiguration.TransformKind) -> Int {
        switch kind {
        case .translation: return 3
        case .rigid: return 6
        case .affine: return 12
        }
    }

    /// The parameters representing `transform` re-centred at `centerMM` (rigid: the rotation part of a
    /// rigid transform; translation: the offset only).
    init(kind: RegistrationConfiguration.TransformKind, centerMM: SIMD3<Double>, from transform: AffineTransform) {
        self.kind = kind
        self.centerMM = centerMM
        // Same map, new centre: t' = A·c' + o − c'.
        let t = transform.matrix * centerMM + transform.offsetMM - centerMM
        switch kind {
        case .translation:
            parameters = [t.x, t.y, t.z]
        case .rigid:
            let angles = AffineTransform(matrix: transform.matrix).eulerParameters
            parameters = [angles[0], angles[1], angles[2], t.x, t.y, t.z]
        case .affine:
            let a = transform.matrix
            parameters = (0..<3).flatMap { r in (0..<3).map { a[r, $0] } } + [t.x, t.y, t.z]
        }
    }

    var translationMM: SIMD3<Double> {
        let n = parameters.count
        return SIMD3(parameters[n - 3], parameters[n - 2], parameters[n - 1])
    }

    /// The linear part A(μ).
    var matrix: Matrix3 {
        switch kind {
        case .translation:
            return .identity
        case .rigid:
            return AffineTransform(eulerAnglesRadians: SIMD3(parameters[0], parameters[1], parameters[2])).matrix
        case .affine:
            let p = parameters
            return Matrix3(rows: (SIMD3(p[0], p[1], p[2]), SIMD3(p[3], p[4], p[5]), SIMD3(p[6], p[7], p[8])))
        }
    }

    /// The map as an `AffineTransform`.
    var affine: AffineTransform { AffineTransform(matrix: matrix, translationMM: translationMM, centerMM: centerMM) }

    /// ∂A/∂θx, ∂A/∂θy, ∂A/∂θz of A = R_z·R_x·R_y.
    static func rotationDerivatives(_ angles: SIMD3<Double>) -> [Matrix3] {
        let (cx, sx) = (cos(angles.x), sin(angles.x))
        let (cy, sy) = (cos(angles.y), sin(angles.y))
        let (cz, sz) = (cos(angles.z), sin(angles.z))
        let (rx, ry, rz) = (Matrix3.rotation(aboutX: angles.x), Matrix3.rotation(aboutY: angles.y), Matrix3.rotation(aboutZ: angles.z))
        let drx = Matrix3(rows: (SIMD3(0, 0, 0), SIMD3(0, -sx, -cx), SIMD3(0, cx, -sx)))
        let dry = Matrix3(rows: (SIMD3(-sy, 0, cy), SIMD3(0, 0, 0), SIMD3(-cy, 0, -sy)))
        let drz = Matrix3(rows: (SIMD3(-sz, -cz, 0), SIMD3(cz, -sz, 0), SIMD3(0, 0, 0)))
        return [rz * drx * ry, rz * rx * dry, drz * rx * ry]
    }

    /// The derivative of a cost with respect to the parameters, given the accumulated sums
    /// G = Σ w·g·dᵀ (d = x − c, g = ∂cost/∂y per point) and s = Σ w·g:
    /// ∂/∂t = s; ∂/∂A_ij = G_ij; ∂/∂θk = ⟨∂A/∂θk, G⟩_F.
    func gradient(outer g: [Double], sum s: SIMD3<Double>) -> [Double] {
        switch kind {
        case .translation:
            return [s.x, s.y, s.z]
        case .rigid:
            let derivatives = Self.rotationDerivatives(SIMD3(parameters[0], parameters[1], parameters[2]))
            let angular = derivatives.map { d in
                (0..<3).reduce(0.0) { acc, r in acc + (0..<3).reduce(0.0) { $0 + d[r, $1] * g[3 * r + $1] } }
            }
            return angular + [s.x, s.y, s.z]
        case .affine:
            return g + [s.x, s.y, s.z]
        }
    }

    /// The largest distance |T(μ + step)(x) − T(μ)(x)| over `points` (mm).
    func maximumShifts(step: [Double], points: [SIMD3<Double>]) -> Double {
        var moved = self
        for k in 0..<parameters.count { moved.parameters[k] += step[k] }
        let a = affine
        let b = moved.affine
        return points.reduce(0.0) { best, p in
            let d = b.apply(to: p) - a.apply(to: p)
            return max(best, (d * d).sum().squareRoot())
        }
    }

    /// ITK `RegistrationParameterScalesFromPhysicalShift`: scale_k = (max shift of the points under a small
    /// change δ = 0.01 of parameter k, divided by δ)²; translations get 1 and rotations about r² for points
    /// r mm from the centre.
    func physicalShiftScales(points: [SIMD3<Double>]) -> [Double] {
        let delta = 0.01
        return (0..<parameters.count).map { k in
            var step = [Double](repeating: 0, count: parameters.count)
            step[k] = delta
            let shift = maximumShifts(step: step, points: points) / delta
            return max(shift * shift, 1e-12)
        }
    }
}
