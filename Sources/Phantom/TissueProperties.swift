import Foundation

/// What a tissue looks like to the two scanners: its CT attenuation and its MR relaxation.
///
/// CT values are in HU: each subject draws its tissue mean uniformly from `hounsfieldRange` (the range
/// the tests hold the phantom to) and adds a smooth texture of standard deviation `textureHU`. MR values
/// are the proton density (relative to water) and T1/T2 at 1.5 T from the literature (Bottomley et al.
/// 1984, Stanisz et al. 2005, the BrainWeb simulator's tables), rounded; they feed `SpinEcho.signal`.
public struct TissueProperties: Sendable, Codable, Equatable {
    /// The range of a subject's mean HU for this tissue.
    public var hounsfieldRange: ClosedRange<Double>
    /// Standard deviation of the tissue's spatial texture (HU).
    public var textureHU: Double
    /// Proton density relative to water (0 for air).
    public var protonDensity: Double
    /// Longitudinal relaxation time (ms).
    public var t1MS: Double
    /// Transverse relaxation time (ms).
    public var t2MS: Double

    public init(hounsfieldRange: ClosedRange<Double>, textureHU: Double, protonDensity: Double, t1MS: Double, t2MS: Double) {
        self.hounsfieldRange = hounsfieldRange
        self.textureHU = textureHU
        self.protonDensity = protonDensity
        self.t1MS = t1MS
        self.t2MS = t2MS
    }

    /// The default properties of `tissue`.
    ///
    /// Lesions follow their usual appearance: tumour iso- to slightly hyperdense with long T1/T2; necrosis
    /// fluid-like; the enhancing rim is given the short T1 of gadolinium uptake (the MR stands for a
    /// post-contrast T1); vasogenic oedema hypodense and T2-bright; subacute haemorrhage hyperdense with
    /// the short T1 of methaemoglobin; calcification dense in CT and signal-void in MR.
    public static func standard(_ tissue: Tissue) -> TissueProperties {
        switch tissue {
        case .air: return .init(hounsfieldRange: -1005...(-995), textureHU: 2, protonDensity: 0, t1MS: 1, t2MS: 1)
        case .skin: return .init(hounsfieldRange: 20...60, textureHU: 6, protonDensity: 0.75, t1MS: 700, t2MS: 40)
        case .fat: return .init(hounsfieldRange: -120...(-80), textureHU: 6, protonDensity: 0.95, t1MS: 260, t2MS: 85)
        case .muscle: return .init(hounsfieldRange: 35...60, textureHU: 5, protonDensity: 0.72, t1MS: 870, t2MS: 45)
        case .corticalBone:
            return .init(hounsfieldRange: 1200...1800, textureHU: 60, protonDensity: 0.05, t1MS: 1000, t2MS: 5)
        case .diploe: return .init(hounsfieldRange: 350...750, textureHU: 50, protonDensity: 0.75, t1MS: 380, t2MS: 75)
        case .csf: return .init(hounsfieldRange: 0...15, textureHU: 2, protonDensity: 1.0, t1MS: 3600, t2MS: 1800)
        case .greyMatter: return .init(hounsfieldRange: 35...45, textureHU: 2.5, protonDensity: 0.84, t1MS: 1000, t2MS: 95)
        case .whiteMatter: return .init(hounsfieldRange: 22...32, textureHU: 2.5, protonDensity: 0.72, t1MS: 650, t2MS: 75)
        case .eye: return .init(hounsfieldRange: 5...20, textureHU: 2, protonDensity: 1.0, t1MS: 3400, t2MS: 1200)
        case .sinus: return .init(hounsfieldRange: -1000...(-900), textureHU: 10, protonDensity: 0, t1MS: 1, t2MS: 1)
        case .tumour: return .init(hounsfieldRange: 30...50, textureHU: 4, protonDensity: 0.88, t1MS: 1250, t2MS: 120)
        case .necrosis: return .init(hounsfieldRange: 10...25, textureHU: 3, protonDensity: 0.95, t1MS: 2800, t2MS: 600)
        case .enhancingRim: return .init(hounsfieldRange: 40...60, textureHU: 4, protonDensity: 0.85, t1MS: 450, t2MS: 100)
        case .oedema: return .init(hounsfieldRange: 12...24, textureHU: 2.5, protonDensity: 0.90, t1MS: 1400, t2MS: 210)
        case .haemorrhage: return .init(hounsfieldRange: 55...85, textureHU: 4, protonDensity: 0.85, t1MS: 400, t2MS: 180)
        case .calcification:
            return .init(hounsfieldRange: 200...800, textureHU: 40, protonDensity: 0.08, t1MS: 900, t2MS: 8)
        }
    }
}

/// The spin-echo signal equation.
public enum SpinEcho {
    /// S = PD · (1 − e^(−TR/T1)) · e^(−TE/T2), the long-TR-recovery, single-echo spin-echo signal
    /// (relative to pure water at full recovery and TE = 0).
    @inlinable
    public static func signal(protonDensity: Double, t1MS: Double, t2MS: Double, repetitionTimeMS: Double, echoTimeMS: Double)
        -> Double
    {
        protonDensity * (1 - exp(-repetitionTimeMS / t1MS)) * exp(-echoTimeMS / t2MS)
    }
}
