import Foundation
import Imaging

/// The anatomical tissue model a phantom is built from: on a grid in atlas space (MNI-like, LPS mm), each
/// voxel's fraction of every anatomical `Tissue` (partial volume) and its distance outside the skull.
///
/// Storage is 16 bytes per voxel so one SIMD load reads a voxel: lanes 0–10 hold the eleven anatomical
/// fractions as 0…255, lane 11 the distance outside the bone in 0.1 mm (0 in bone, capped at 25.5 mm;
/// it lets a subject's skull grow into the scalp), lanes 12–15 are zero.
public struct TissueAtlas: Sendable {
    /// The grid, in atlas coordinates.
    public let geometry: Geometry
    /// Points the subject variation is built around, in atlas coordinates.
    public let landmarks: AtlasLandmarks
    let voxels: [SIMD16<UInt8>]
    /// Continuous index = `indexRows` · (p − origin): spacing⁻¹·directionᵀ, kept here so sampling stays
    /// inside this module's optimised code.
    let indexRows: LinearMap


    /// An atlas from per-voxel fractions, class-major (`fractions[c · voxelCount + v]` for class c of
    /// `Tissue.anatomical`; normalised here to sum to 1 where they sum to more than 0, else air) and
    /// distances outside the bone (mm).
    public init(
        geometry: Geometry, landmarks: AtlasLandmarks, fractions: [Float], distanceOutsideBoneMM: [Float]
    ) {
        let count = geometry.voxelCount
        precondition(fractions.count == Tissue.anatomical.count * count, "one fraction per anatomical tissue and voxel")
        var voxels = [SIMD16<UInt8>](repeating: .zero, count: count)
        let out = UnsafeSendable(voxels.withUnsafeMutableBufferPointer { $0.baseAddress! })
        parallelFor(count, minimumChunk: 4096) { range in
            for v in range {
                var lanes = SIMD16<Float>.zero
                for c in 0..<Tissue.anatomical.count { lanes[c] = max(0, fractions[c * count + v]) }
                let sum = lanes.sum()
                if sum > 0 { lanes /= sum } else { lanes[Tissue.air.rawValue] = 1 }
                lanes = (lanes * 255).rounded(.toNearestOrEven)
                lanes[11] = min(255, max(0, (distanceOutsideBoneMM[v] * 10).rounded()))
                out.value[v] = SIMD16<UInt8>(truncatingIfNeeded: SIMD16<Int32>(lanes))
            }
        }
        self.geometry = geometry
        self.landmarks = landmarks
        self.voxels = voxels
        let d = geometry.direction
        let s = geometry.spacingMM
        indexRows = LinearMap(
            rows: (d.column0 / s.x, d.column1 / s.y, d.column2 / s.z), offset: -geometry.originMM, offsetFirst: true)
    }

    /// The trilinearly interpolated voxel at continuous index `n`: fractions in lanes 0–10 (sum 1),
    /// distance outside bone (mm) in lane 11. Outside the grid: air, far from bone.
    func sample(atIndex n: SIMD3<Double>) -> SIMD16<Float> {
        let size = geometry.size
        let floor = n.rounded(.down)
        let i0 = SIMD3<Int>(floor)
        let t = SIMD3<Float>(n - floor)
        var result = SIMD16<Float>.zero
        var weightInside: Float = 0
        for corner in 0..<8 {
            let o = SIMD3(corner & 1, (corner >> 1) & 1, corner >> 2)
            let i = i0 &+ o
            guard i.x >= 0, i.y >= 0, i.z >= 0, i.x < size.x, i.y < size.y, i.z < size.z else { continue }
            let w =
                (o.x == 1 ? t.x : 1 - t.x) * (o.y == 1 ? t.y : 1 - t.y) * (o.z == 1 ? t.z : 1 - t.z)
            result += w * SIMD16<Float>(voxels[i.x + size.x * (i.y + size.y * i.z)])
            weightInside += w
        }
        let outside = 1 - weightInside
        result *= 1 / 255
        result[Tissue.air.rawValue] += outside
        result[11] = result[11] * 25.5 + outside * 25.5
        return result
    }

    /// The interpolated fractions and distance outside bone at atlas point `p` (mm).
    public func sample(at p: SIMD3<Double>) -> SIMD16<Float> {
        sample(atIndex: indexRows.apply(p))
    }

    /// Fraction of `tissue` at voxel `index` (0…1), for tests and inspection.
    public func fraction(_ tissue: Tissue, atVoxel index: SIMD3<Int>) -> Float {
        precondition(tissue.rawValue < 11, "atlases store only anatomical tissues")
        return Float(voxels[geometry.offset(i: index.x, j: index.y, k: index.z)][tissue.rawValue]) / 255
    }
}

/// Atlas-space points the subject variation uses.
public struct AtlasLandmarks: Sendable, Codable, Equatable {
    /// Centre of the lateral ventricles (the ventricle-size warp is centred here).
    public var ventricleCentre: SIMD3<Double>
    /// Extent (one standard deviation, mm, per axis) of the ventricle-size warp.
    public var ventricleRadiusMM: SIMD3<Double>
    /// Centre of the head's bounding box: the subject is placed in the scanner around it.
    public var headCentre: SIMD3<Double>
    /// Half-extent of the brain (mm) around `brainCentre`, where lesions may be placed.
    public var brainCentre: SIMD3<Double>
    public var brainRadiusMM: SIMD3<Double>

    public init(
        ventricleCentre: SIMD3<Double>, ventricleRadiusMM: SIMD3<Double>, headCentre: SIMD3<Double>,
        brainCentre: SIMD3<Double>, brainRadiusMM: SIMD3<Double>
    ) {
        self.ventricleCentre = ventricleCentre
        self.ventricleRadiusMM = ventricleRadiusMM
        self.headCentre = headCentre
        self.brainCentre = brainCentre
        self.brainRadiusMM = brainRadiusMM
    }
}

/// Hermite smoothstep: 0 at `edge0`, 1 at `edge1`, smooth between (either order of edges).
func smoothstep(_ x: Float, _ edge0: Float, _ edge1: Float) -> Float {
    let t = min(1, max(0, (x - edge0) / (edge1 - edge0)))
    return t * t * (3 - 2 * t)
}

/// x ↦ M·(x + offset) or M·x + offset, with M by rows: the small affine maps of the phantom's inner loops.
struct LinearMap: Sendable {
    let r0, r1, r2: SIMD3<Double>
    let offset: SIMD3<Double>
    /// Whether the offset is added before (M·(x + o)) or after (M·x + o) the linear part.
    let offsetFirst: Bool

    init(rows: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>), offset: SIMD3<Double>, offsetFirst: Bool) {
        (r0, r1, r2) = rows
        self.offset = offset
        self.offsetFirst = offsetFirst
    }

    @inline(__always)
    func apply(_ x: SIMD3<Double>) -> SIMD3<Double> {
        if offsetFirst {
            let y = x + offset
            return SIMD3((r0 * y).sum(), (r1 * y).sum(), (r2 * y).sum())
        }
        return SIMD3((r0 * x).sum(), (r1 * x).sum(), (r2 * x).sum()) + offset
    }
}
