/// The intensity conventions of DESIGN.md §3, as small invertible maps.
///
/// CT: μ = (HU/1000 + 1) · 0.192 cm⁻¹ (water 0.192, air 0), then the network scale
/// x = clip(μ, 0, 0.6)/0.6 ∈ [0, 1], i.e. the HU window [−1000, 2125]. The authors' preprocessing
/// (`reference/msl-authors-code.md` §2.2, §3.4) does exactly this. MR: per-volume min–max to [0, 1].
public enum HounsfieldScale {
    /// Linear attenuation of water at the authors' effective energy, cm⁻¹.
    public static let waterAttenuationPerCM: Float = 0.192
    /// Attenuation that maps to 1 on the network scale, cm⁻¹ (HU 2125).
    public static let attenuationCeilingPerCM: Float = 0.6

    /// μ in cm⁻¹ from Hounsfield units, negatives (below air) set to 0 as the authors do.
    public static func attenuation(fromHounsfield hu: Float) -> Float {
        max(0, (hu / 1000 + 1) * waterAttenuationPerCM)
    }

    /// Hounsfield units from μ in cm⁻¹ (exact inverse of the linear part).
    public static func hounsfield(fromAttenuation mu: Float) -> Float {
        (mu / waterAttenuationPerCM - 1) * 1000
    }

    /// The network's [0, 1] scale from μ: clip to [0, 0.6], divide by 0.6.
    public static func networkValue(fromAttenuation mu: Float) -> Float {
        min(max(mu, 0), attenuationCeilingPerCM) / attenuationCeilingPerCM
    }

    /// μ from the network's [0, 1] scale (inverse of `networkValue` inside the window).
    public static func attenuation(fromNetworkValue x: Float) -> Float {
        x * attenuationCeilingPerCM
    }

    /// The network value of a Hounsfield unit.
    public static func networkValue(fromHounsfield hu: Float) -> Float {
        networkValue(fromAttenuation: attenuation(fromHounsfield: hu))
    }

    /// The brain window HU −160…240 on the network scale, for showing CT: the full [0, 1] hides soft tissue.
    public static let brainWindow: ClosedRange<Float> = networkValue(fromHounsfield: -160)...networkValue(fromHounsfield: 240)
}

/// A linear map of MR intensities to [0, 1]: x = (v − minimum)/(maximum − minimum), with its
/// inverse, recorded so that outputs can go back to the stored MR scale.
public struct MinMaxScaling: Sendable, Equatable, Codable {
    public let minimum: Float
    public let maximum: Float

    /// The scaling that maps the smallest of `values` to 0 and the largest to 1 (a constant
    /// input maps to 0).
    public init(fitting values: [Float]) {
        minimum = values.min() ?? 0
        maximum = values.max() ?? 0
    }

    public init(minimum: Float, maximum: Float) {
        self.minimum = minimum
        self.maximum = maximum
    }

    public func apply(_ value: Float) -> Float {
        maximum > minimum ? (value - minimum) / (maximum - minimum) : 0
    }

    public func inverse(_ value: Float) -> Float {
        minimum + value * (maximum - minimum)
    }
}
