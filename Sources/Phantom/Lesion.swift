import Foundation

/// One lesion, placed in atlas space (so the subject's deformation carries it along).
///
/// Its outline is a lobulated sphere: the radius along direction u is R·(1 + Σ aₘ·e^(4(u·vₘ − 1))), a sum of
/// smooth lobes. A tumour has a necrotic core (inner fraction ν of the radius), an enhancing rim of
/// `rimMM` at its edge, solid tumour between, and vasogenic oedema out to `oedemaMM` beyond it, in white
/// matter only (oedema spreads along fibres, spares the cortex). A haemorrhage or calcification is solid.
public struct Lesion: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case tumour, haemorrhage, calcification
    }
    public struct Lobe: Sendable, Codable, Equatable {
        public var direction: SIMD3<Double>
        public var amplitude: Double
    }

    public var kind: Kind
    /// Centre in atlas coordinates (mm).
    public var centreMM: SIMD3<Double>
    public var radiusMM: Double
    public var lobes: [Lobe]
    /// Tumour only: the necrotic core's share of the radius (0 = none).
    public var necroticFraction: Double
    /// Tumour only: enhancing rim thickness (mm).
    public var rimMM: Double
    /// Tumour only: how far oedema reaches beyond the tumour (mm).
    public var oedemaMM: Double

    /// The outline radius along unit direction `u`.
    func radius(along u: SIMD3<Double>) -> Double {
        var scale = 1.0
        for lobe in lobes { scale += lobe.amplitude * exp(4 * ((u * lobe.direction).sum() - 1)) }
        return radiusMM * max(0.4, scale)
    }

    /// Memberships (0…1, soft 1 mm edges) of its components at atlas point `p`, in the lesion lanes of
    /// `Tissue.lesions` order: tumour, necrosis, enhancing rim, oedema, haemorrhage, calcification.
    func memberships(at p: SIMD3<Double>) -> SIMD8<Float> {
        let d = p - centreMM
        let r = (d * d).sum().squareRoot()
        var m = SIMD8<Float>.zero
        let reach = radiusMM * 1.8 + oedemaMM
        guard r < reach else { return m }
        let u = r > 1e-9 ? d / r : SIMD3(1, 0, 0)
        let outline = radius(along: u)
        func inside(_ radius: Double) -> Float { smoothstep(Float(r), Float(radius + 0.5), Float(radius - 0.5)) }
        let whole = inside(outline)
        switch kind {
        case .tumour:
            let necrosis = necroticFraction > 0 ? inside(outline * necroticFraction) : 0
            let rim = max(0, whole - inside(outline - rimMM))
            m[0] = max(0, whole - rim - necrosis)
            m[1] = necrosis
            m[2] = rim
            m[3] = oedemaMM > 0 ? max(0, inside(outline + oedemaMM) - whole) : 0
        case .haemorrhage: m[4] = whole
        case .calcification: m[5] = whole
        }
        return m
    }
}
