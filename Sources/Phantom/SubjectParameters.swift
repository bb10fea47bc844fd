import Foundation

/// MR contrast of the simulated spin-echo series.
public enum MRWeighting: String, Sendable, Codable, CaseIterable {
    case t1 = "T1", t2 = "T2", pd = "PD"

    /// Ranges of TR and TE (ms) a subject's protocol is drawn from: short TR/TE for T1, long TR/TE for
    /// T2, long TR and short TE for proton density (typical 1.5 T spin-echo protocols).
    var repetitionTimeMS: ClosedRange<Double> {
        switch self {
        case .t1: return 500...700
        case .t2: return 3000...5000
        case .pd: return 2000...3000
        }
    }
    var echoTimeMS: ClosedRange<Double> {
        switch self {
        case .t1: return 8...15
        case .t2: return 80...120
        case .pd: return 10...20
        }
    }
}

/// Which lesions a subject gets.
public enum LesionMode: String, Sendable, Codable, CaseIterable {
    /// None: healthy anatomy only.
    case none
    /// Each kind at random: a tumour (60 %), a haemorrhage (35 %), up to two calcifications.
    case random
    /// One of each kind.
    case all
}

/// What the user chooses for a phantom; everything else is drawn from the seed.
public struct PhantomOptions: Sendable, Codable, Equatable {
    public var weighting: MRWeighting
    public var lesions: LesionMode
    public var magneticFieldStrengthT: Double

    public init(weighting: MRWeighting = .t1, lesions: LesionMode = .random, magneticFieldStrengthT: Double = 1.5) {
        self.weighting = weighting
        self.lesions = lesions
        self.magneticFieldStrengthT = magneticFieldStrengthT
    }
}

/// Everything that makes one subject: drawn from a seed by `init(seed:options:atlas:)`, written into the
/// ground truth, and enough (with the atlas) to render the subject again exactly.
public struct SubjectParameters: Sendable, Codable, Equatable {
    /// One plane wave of the smooth deformation: displacement amplitude·sin(k·p + phase).
    public struct Wave: Sendable, Codable, Equatable {
        public var wavevector: SIMD3<Double>
        public var amplitudeMM: SIMD3<Double>
        public var phase: Double
    }
    /// The MR acquisition drawn for the subject.
    public struct MRAcquisition: Sendable, Codable, Equatable {
        public var weighting: MRWeighting
        public var repetitionTimeMS: Double
        public var echoTimeMS: Double
        public var magneticFieldStrengthT: Double
        /// Rician noise σ relative to the white-matter signal.
        public var noiseFraction: Double
        /// Coefficients of the log bias field over (x, y, z, x², y², z², xy, xz, yz) of (p − centre)/100 mm.
        public var biasCoefficients: [Double]
    }

    public var seed: UInt64
    /// Per-axis scaling about the head centre (head size and shape).
    public var scale: SIMD3<Double>
    /// Shear terms (xy, xz, yz).
    public var shear: SIMD3<Double>
    public var waves: [Wave]
    /// Ventricle-size warp strength k: > 0 enlarges, < 0 shrinks the ventricles.
    public var ventricleWarp: Double
    /// How far the outer table of the skull grows into the scalp (mm).
    public var skullThickeningMM: Double
    public var lesions: [Lesion]
    /// Per `Tissue` (by raw value): the subject's mean HU, drawn from the standard range.
    public var tissueHU: [Double]
    /// Per `Tissue` (by raw value): the standard properties with the relaxation values jittered (±2 % per
    /// tissue and ±5 % for all T1s and all T2s together, as between scanners).
    public var tissues: [TissueProperties]
    /// CT quantum noise, HU (white).
    public var ctNoiseHU: Double
    public var mr: MRAcquisition
    /// The head in the CT and MR scanners.
    public var ctPose: RigidPose
    public var mrPose: RigidPose

    /// Draws a subject from `seed`; lesions are placed inside the atlas's brain.
    public init(seed: UInt64, options: PhantomOptions, atlas: TissueAtlas) {
        var random = PhantomRandom(seed: seed)
        self.seed = seed
        scale = SIMD3(random.uniform(0.92...1.08), random.uniform(0.92...1.08), random.uniform(0.93...1.07))
        shear = SIMD3(random.uniform(-0.04...0.04), random.uniform(-0.04...0.04), random.uniform(-0.04...0.04))
        // Wavelengths 70–160 mm, amplitudes ≤ 1.5 mm: Σ|a||k| < 0.6, so the map stays one-to-one.
        waves = (0..<6).map { _ in
            let direction = random.unitVector()
            let wavelength = random.uniform(70...160)
            return Wave(
                wavevector: direction * (2 * .pi / wavelength),
                amplitudeMM: random.unitVector() * random.uniform(0.3...1.5), phase: random.uniform(0...(2 * .pi)))
        }
        ventricleWarp = random.uniform(-0.25...0.45)
        skullThickeningMM = random.uniform(0...2.5)
        tissues = Tissue.allCases.map { tissue in
            var p = TissueProperties.standard(tissue)
            p.protonDensity *= random.uniform(0.98...1.02)
            p.t1MS *= random.uniform(0.98...1.02)
            p.t2MS *= random.uniform(0.98...1.02)
            return p
        }
        let t1Scale = random.uniform(0.95...1.05)
        let t2Scale = random.uniform(0.95...1.05)
        for i in tissues.indices {
            tissues[i].t1MS *= t1Scale
            tissues[i].t2MS *= t2Scale
        }
        tissueHU = Tissue.allCases.map { random.uniform(TissueProperties.standard($0).hounsfieldRange) }
        ctNoiseHU = random.uniform(3...8)
        let weighting = options.weighting
        mr = MRAcquisition(
            weighting: weighting, repetitionTimeMS: random.uniform(weighting.repetitionTimeMS).rounded(),
            echoTimeMS: random.uniform(weighting.echoTimeMS).rounded(), magneticFieldStrengthT: options.magneticFieldStrengthT,
            noiseFraction: random.uniform(0.02...0.045), biasCoefficients: (0..<9).map { _ in random.normal() * 0.08 })
        ctPose = RigidPose(
            anglesDegrees: SIMD3(random.uniform(-8...8), random.uniform(-4...4), random.uniform(-4...4)),
            translationMM: SIMD3(random.uniform(-8...8), random.uniform(-8...8), random.uniform(-5...5)))
        mrPose = RigidPose(
            anglesDegrees: SIMD3(random.uniform(-10...10), random.uniform(-5...5), random.uniform(-5...5)),
            translationMM: SIMD3(random.uniform(-15...15), random.uniform(-15...15), random.uniform(-10...10)))
        lesions = Self.drawLesions(options.lesions, atlas: atlas, random: &random)
    }

    static func drawLesions(_ mode: LesionMode, atlas: TissueAtlas, random: inout PhantomRandom) -> [Lesion] {
        var kinds: [Lesion.Kind] = []
        switch mode {
        case .none: break
        case .all: kinds = [.tumour, .haemorrhage, .calcification]
        case .random:
            if random.uniform(0...1) < 0.6 { kinds.append(.tumour) }
            if random.uniform(0...1) < 0.35 { kinds.append(.haemorrhage) }
            kinds += Array(repeating: .calcification, count: Int(random.uniform(0...2.999)))
        }
        return kinds.map { kind in
            let centre = brainPoint(atlas: atlas, random: &random)
            let lobes = (0..<4).map { _ in Lesion.Lobe(direction: random.unitVector(), amplitude: random.uniform(-0.2...0.35)) }
            switch kind {
            case .tumour:
                return Lesion(
                    kind: kind, centreMM: centre, radiusMM: random.uniform(8...18), lobes: lobes,
                    necroticFraction: random.uniform(0...1) < 0.5 ? 0 : random.uniform(0.3...0.6),
                    rimMM: random.uniform(1.5...3), oedemaMM: random.uniform(4...15))
            case .haemorrhage:
                return Lesion(
                    kind: kind, centreMM: centre, radiusMM: random.uniform(4...10), lobes: lobes, necroticFraction: 0,
                    rimMM: 0, oedemaMM: 0)
            case .calcification:
                return Lesion(
                    kind: kind, centreMM: centre, radiusMM: random.uniform(1.2...3), lobes: [], necroticFraction: 0,
                    rimMM: 0, oedemaMM: 0)
            }
        }
    }

    /// A point well inside the brain: uniform in the inner 60 % of the brain's box, where the atlas has at
    /// least 80 % grey + white matter (first of up to 200 tries; the brain centre otherwise).
    static func brainPoint(atlas: TissueAtlas, random: inout PhantomRandom) -> SIMD3<Double> {
        let l = atlas.landmarks
        for _ in 0..<200 {
            let offset = SIMD3(random.uniform(-0.6...0.6), random.uniform(-0.6...0.6), random.uniform(-0.6...0.6))
            let p = l.brainCentre + offset * l.brainRadiusMM
            let f = atlas.sample(at: p)
            if f[Tissue.greyMatter.rawValue] + f[Tissue.whiteMatter.rawValue] >= 0.8 { return p }
        }
        return l.brainCentre
    }
}

/// A sequential stream over `CounterNoise`: the subject's draws, in a fixed order.
struct PhantomRandom {
    let seed: UInt64
    var counter: UInt64 = 0

    init(seed: UInt64) { self.seed = seed }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        counter += 1
        return range.lowerBound + (range.upperBound - range.lowerBound) * CounterNoise.uniform(seed, 1, counter)
    }

    mutating func normal() -> Double {
        counter += 1
        return Double(CounterNoise.normalPair(seed, 2, counter).0)
    }

    mutating func unitVector() -> SIMD3<Double> {
        let v = SIMD3(normal(), normal(), normal())
        let length = (v * v).sum().squareRoot()
        return length > 1e-9 ? v / length : SIMD3(1, 0, 0)
    }
}
