import Foundation
import Imaging

/// A head drawn from nested ellipsoids, without any template file: the phantom's fast mode (tests,
/// quick demos). Same tissue classes and layering as a real head, geometrically simple.
///
/// Inward from the head's outline (semi-axes 78 × 96 × 98 mm): 3 mm skin, 4 mm fat, 2 mm muscle, the
/// skull (3 mm outer table, 4 mm diploë, 3 mm inner table), 3 mm CSF, a 3.5 mm cortex of grey matter and
/// white matter inside; two lateral ventricles; below the brain, muscle; two eyes and a frontal sinus
/// cut into the face. Edges are 1.5 mm ramps (partial volume); layers are thick enough to hold pure voxels.
public enum ProceduralAtlas {
    /// The atlas on a grid of `spacingMM` (default 1 mm: 200 × 240 × 220 voxels).
    public static func build(spacingMM: Double = 1) throws -> TissueAtlas {
        guard spacingMM.isFinite, spacingMM >= 0.5, spacingMM <= 4 else {
            throw PhantomError.invalidParameter(name: "procedural atlas spacing", value: "\(spacingMM) mm", expected: "0.5…4 mm")
        }
        let extent = SIMD3<Double>(200, 240, 220)
        let size = SIMD3<Int>((extent / spacingMM).rounded(.up))
        let origin = -(SIMD3<Double>(size) - 1) / 2 * spacingMM
        let geometry = try Geometry(size: size, originMM: origin, spacingMM: SIMD3(repeating: spacingMM))
        let count = geometry.voxelCount
        var fractions = [Float](repeating: 0, count: Tissue.anatomical.count * count)
        var outsideBone = [Float](repeating: 0, count: count)
        let buffer = UnsafeSendable(fractions.withUnsafeMutableBufferPointer { $0.baseAddress! })
        let distances = UnsafeSendable(outsideBone.withUnsafeMutableBufferPointer { $0.baseAddress! })
        parallelFor(count, minimumChunk: 4096) { range in
            for v in range {
                let p = geometry.physicalPoint(ofIndex: geometry.index(ofOffset: v))
                let f = Self.fractions(at: p)
                for c in 0..<Tissue.anatomical.count { buffer.value[c * count + v] = f.fractions[c] }
                distances.value[v] = f.outsideBoneMM
            }
        }
        let brainRadius = head - 22
        let landmarks = AtlasLandmarks(
            ventricleCentre: SIMD3(0, -5, 15), ventricleRadiusMM: SIMD3(14, 22, 10), headCentre: .zero,
            brainCentre: .zero, brainRadiusMM: brainRadius)
        return TissueAtlas(geometry: geometry, landmarks: landmarks, fractions: fractions, distanceOutsideBoneMM: outsideBone)
    }

    static let head = SIMD3<Double>(78, 96, 98)

    /// Approximate signed distance (mm, negative inside) to the ellipsoid of semi-axes `a` at `centre`.
    static func distance(_ p: SIMD3<Double>, centre: SIMD3<Double> = .zero, semiAxes a: SIMD3<Double>) -> Double {
        let d = p - centre
        let scaled = ((d / a) * (d / a)).sum().squareRoot()
        let length = (d * d).sum().squareRoot()
        guard scaled > 1e-9 else { return -a.min() }
        return (scaled - 1) * length / scaled
    }

    /// 1 well inside (d < −0.75), 0 well outside (d > 0.75).
    static func inside(_ d: Double) -> Float { smoothstep(Float(d), 0.75, -0.75) }

    static func fractions(at p: SIMD3<Double>) -> (fractions: SIMD16<Float>, outsideBoneMM: Float) {
        var f = SIMD16<Float>.zero
        let d = distance(p, semiAxes: head)
        let inHead = inside(d)
        f[Tissue.air.rawValue] = 1 - inHead
        // Shells from the outline inward: (tissue, depth at which it ends).
        let shells: [(Tissue, Double)] = [
            (.skin, 3), (.fat, 7), (.muscle, 9), (.corticalBone, 12), (.diploe, 16), (.corticalBone, 19), (.csf, 22),
            (.greyMatter, 25.5),
        ]
        var outer = inHead
        var layered = SIMD16<Float>.zero
        for (tissue, depth) in shells {
            let inner = inside(d + depth)
            layered[tissue.rawValue] += outer - inner
            outer = inner
        }
        layered[Tissue.whiteMatter.rawValue] += outer
        // Below the brain (z < −55 mm) the brain layers give way to neck and skull-base muscle.
        let neck = smoothstep(Float(p.z), -50, -60)
        for tissue in [Tissue.csf, .greyMatter, .whiteMatter] {
            layered[Tissue.muscle.rawValue] += neck * layered[tissue.rawValue]
            layered[tissue.rawValue] *= 1 - neck
        }
        // Ventricles: CSF replacing brain.
        let ventricles = max(
            inside(distance(p, centre: SIMD3(8, -5, 15), semiAxes: SIMD3(6, 20, 9))),
            inside(distance(p, centre: SIMD3(-8, -5, 15), semiAxes: SIMD3(6, 20, 9)))) * (1 - neck)
        for tissue in [Tissue.greyMatter, .whiteMatter] {
            layered[Tissue.csf.rawValue] += ventricles * layered[tissue.rawValue]
            layered[tissue.rawValue] *= 1 - ventricles
        }
        // Eyes and the frontal sinus take precedence over the layers they cut into.
        let eye = max(
            inside(distance(p, centre: SIMD3(30, -72, -40), semiAxes: SIMD3(repeating: 11))),
            inside(distance(p, centre: SIMD3(-30, -72, -40), semiAxes: SIMD3(repeating: 11)))) * inHead
        let sinus = inside(distance(p, centre: SIMD3(0, -72, -5), semiAxes: SIMD3(14, 8, 10))) * inHead * (1 - eye)
        f += layered * (1 - eye - sinus)
        f[Tissue.eye.rawValue] += eye
        f[Tissue.sinus.rawValue] += sinus
        // Distance to the skull, which lies 9–19 mm below the outline (0 inside it).
        let outsideBone = d > -9 ? d + 9 : d < -19 ? -19 - d : 0
        return (f, Float(min(outsideBone, 25.5)))
    }
}
