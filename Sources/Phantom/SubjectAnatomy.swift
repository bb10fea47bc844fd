import Foundation
import Imaging

/// One subject's anatomy: the atlas seen through the subject's variation.
///
/// A subject point p maps to the atlas by, in order: the inverse of the global affine (scale and shear
/// about the head centre), the smooth deformation (a sum of plane waves), and the ventricle warp
/// p − k·(p − c)·e^(−½|(p − c)/σ|²) around the ventricles' centre (k > 0 samples the atlas closer to the
/// centre, so the ventricles look larger). The fractions found there are then edited: the skull's outer
/// table grows into the scalp by `skullThickeningMM`, and the lesions replace the brain tissue they
/// occupy (oedema only white matter).
public struct SubjectAnatomy: Sendable {
    public let atlas: TissueAtlas
    public let parameters: SubjectParameters
    let inverseLinear: LinearMap

    public init(atlas: TissueAtlas, parameters: SubjectParameters) {
        self.atlas = atlas
        self.parameters = parameters
        let s = parameters.scale
        let h = parameters.shear
        let forward = Matrix3(rows: (SIMD3(s.x, h.x, h.y), SIMD3(0, s.y, h.z), SIMD3(0, 0, s.z)))
        let inverse = forward.inverse ?? .identity  // upper triangular with diagonal ≥ 0.92: never singular
        let centre = atlas.landmarks.headCentre
        inverseLinear = LinearMap(
            rows: (inverse.row(0), inverse.row(1), inverse.row(2)), offset: centre - inverse * centre, offsetFirst: false)
    }

    /// The atlas point a subject point comes from.
    public func atlasPoint(of p: SIMD3<Double>) -> SIMD3<Double> {
        var q = inverseLinear.apply(p)
        for wave in parameters.waves {
            q += wave.amplitudeMM * sin((wave.wavevector * q).sum() + wave.phase)
        }
        let l = atlas.landmarks
        let d = (q - l.ventricleCentre) / l.ventricleRadiusMM
        q -= parameters.ventricleWarp * (q - l.ventricleCentre) * exp(-0.5 * (d * d).sum())
        return q
    }

    /// The subject point that maps to atlas point `q` (the inverse of `atlasPoint`, by fixed-point
    /// iteration: the map is within 10 % of the identity, so each step shrinks the error tenfold).
    public func subjectPoint(ofAtlasPoint q: SIMD3<Double>) -> SIMD3<Double> {
        var p = q
        for _ in 0..<50 {
            let error = q - atlasPoint(of: p)
            p += error
            if (error * error).sum() < 1e-12 { break }
        }
        return p
    }

    /// Fractions at subject point `p`: the anatomical tissues in lanes 0–10 of the first vector, the
    /// lesion components (in `Tissue.lesions` order) in lanes 0–5 of the second; together they sum to 1.
    public func fractions(at p: SIMD3<Double>) -> (anatomy: SIMD16<Float>, lesions: SIMD8<Float>) {
        let q = atlasPoint(of: p)
        var a = atlas.sample(at: q)
        let outsideBone = a[11]
        a[11] = 0
        let grow = Float(parameters.skullThickeningMM)
        if grow > 0, outsideBone < grow + 0.5 {
            let w = smoothstep(outsideBone, grow + 0.5, grow - 0.5)
            let moved = w * (a[Tissue.fat.rawValue] + a[Tissue.muscle.rawValue])
            a[Tissue.fat.rawValue] *= 1 - w
            a[Tissue.muscle.rawValue] *= 1 - w
            a[Tissue.corticalBone.rawValue] += moved
        }
        var lesions = SIMD8<Float>.zero
        guard !parameters.lesions.isEmpty else { return (a, lesions) }
        var solid = SIMD8<Float>.zero
        for lesion in parameters.lesions { solid += lesion.memberships(at: q) }
        let oedema = min(1, solid[3])
        solid[3] = 0
        let occupied = min(1, solid.sum())
        if occupied > 0 {
            let brain = a[Tissue.greyMatter.rawValue] + a[Tissue.whiteMatter.rawValue]
            lesions = solid * (brain * occupied / solid.sum())
            a[Tissue.greyMatter.rawValue] *= 1 - occupied
            a[Tissue.whiteMatter.rawValue] *= 1 - occupied
        }
        if oedema > 0 {
            lesions[3] = oedema * a[Tissue.whiteMatter.rawValue]
            a[Tissue.whiteMatter.rawValue] -= lesions[3]
        }
        return (a, lesions)
    }
}
