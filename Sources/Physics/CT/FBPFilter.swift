import Foundation

/// The apodisation window of an FBP ramp filter and its relative cut-off, as ODL's `fbp_op`
/// (`filter_type`, `frequency_scaling`; odl/tomo/analytic/filtered_back_projection.py,
/// `_fbp_filter`).
///
/// With f = |ν|/ν_max the frequency normalised to the highest one on the padded grid (f = 1 at
/// Nyquist) and s the frequency scaling, the ramp |ξ| is multiplied by
/// - Ram-Lak: 1
/// - Shepp-Logan: sinc(f/(2s)) = sin(πf/(2s))/(πf/(2s))
/// - cosine: cos(πf/(2s))
/// - Hann: cos²(πf/(2s))
/// and set to 0 where f > s. s = 1 (default) keeps the whole band. Every window is 1 at f = 0,
/// so the DC gain, and with it the μ scale, does not depend on the choice.
public struct FBPFilter: Sendable, Equatable {
    /// The apodisation window's shape.
    public enum Window: String, Sendable, Equatable, CaseIterable {
        /// 1 (pure ramp).
        case ramLak
        /// sinc(f/(2s)).
        case sheppLogan
        /// cos(πf/(2s)).
        case cosine
        /// cos²(πf/(2s)).
        case hann
    }

    /// The window's shape.
    public var window: Window
    /// Relative cut-off s in (0, 1]: frequencies above s·Nyquist are removed, the window is
    /// stretched to reach its end at s.
    public var frequencyScaling: Double

    /// A filter with `window` and relative cut-off `frequencyScaling` (validated when an FBP is built).
    public init(_ window: Window, frequencyScaling: Double = 1) {
        self.window = window
        self.frequencyScaling = frequencyScaling
    }

    /// Pure ramp, the authors' choice (`filter_type='Ram-Lak'`).
    public static let ramLak = FBPFilter(.ramLak)
    /// Ramp × sinc.
    public static let sheppLogan = FBPFilter(.sheppLogan)
    /// Ramp × cosine.
    public static let cosine = FBPFilter(.cosine)
    /// Ramp × cos² (Hann).
    public static let hann = FBPFilter(.hann)

    /// Throws `PhysicsError.invalidParameter` unless 0 < s ≤ 1.
    func validate() throws {
        guard frequencyScaling.isFinite, frequencyScaling > 0, frequencyScaling <= 1 else {
            throw PhysicsError.invalidParameter(
                name: "frequencyScaling", value: "\(frequencyScaling)", requirement: "must lie in (0, 1]")
        }
    }

    /// The window's value at normalised frequency f ∈ [0, 1].
    public func window(atNormalisedFrequency f: Double) -> Double {
        guard f <= frequencyScaling else { return 0 }
        let x = Double.pi * f / (2 * frequencyScaling)
        switch window {
        case .ramLak: return 1
        case .sheppLogan: return x == 0 ? 1 : sin(x) / x
        case .cosine: return cos(x)
        case .hann: return cos(x) * cos(x)
        }
    }

    /// Frequency response for `FFT.filterRows` (bins k = 0…P/2 of a P-point real DFT) of the
    /// exact-mode filter: (1/(2·range))·|ξ| × window, for samples τ cm apart and angular range R.
    ///
    /// The ramp is the DFT of the band-limited spatial Ram-Lak kernel (Kak & Slaney eq. 3.61):
    /// h(0) = 1/(4τ²), h(n) = −1/(πnτ)² for odd n, 0 for even n ≠ 0, laid out circularly over P
    /// samples. τ·DFT(h)[k] ≈ |ν_k| (cycles/cm), and unlike the sampled |ξ| it has the right mean
    /// (no DC offset); for P ≥ 2N − 1 the filtered N samples are exactly the linear convolution
    /// with h, whatever P (so any FFTW-friendly P gives the same result, and scikit-image's
    /// `iradon` the same up to rounding). |ξ| = 2π|ν|, so the response is (π/(R·τ))·τ²·DFT(h)[k].
    func exactResponse(paddedLength: Int, sampleSpacingCM tau: Double, angularRange: Double) -> [Float] {
        let bins = paddedLength / 2 + 1
        // Odd circular offsets n (distance min(n, P − n) odd) carry −1/(π·distance)² in units of 1/τ².
        var kernel: [(offset: Int, value: Double)] = []
        for n in 1..<paddedLength {
            let distance = min(n, paddedLength - n)
            if distance % 2 == 1 { kernel.append((n, -1 / (Double.pi * Double(distance) * Double.pi * Double(distance)))) }
        }
        let top = Double(paddedLength / 2)
        return (0..<bins).map { k in
            var ramp = 0.25  // τ²·DFT(h)[k], with h's DFT real because h is even
            for (n, value) in kernel {
                ramp += value * cos(2 * Double.pi * Double(k) * Double(n) / Double(paddedLength))
            }
            let f = top > 0 ? Double(k) / top : 0
            return Float(Double.pi / (angularRange * tau) * ramp * window(atNormalisedFrequency: f))
        }
    }

    /// Frequency response of ODL's 2-D `fbp_filter_op` (padding on) for N-bin projections, as
    /// bins k = 0…P/2 of a P-point real DFT, P ≥ 2N − 1.
    ///
    /// ODL pads to the odd length M = 2N − 1 and uses its `FourierTransform` defaults
    /// (`halfcomplex=True`, `shift=True`): the data are modulated by (−1)^n, so the M frequencies
    /// sit at half-integer multiples ξ_m = (m − M/2)·2π/(M·τ), m = 0…M−1, never at 0. The filter
    /// there is |ξ_m|·window(|ξ_m|/max|ξ|)/(2·range); the inverse transform and demodulation
    /// make the whole step the linear convolution with
    ///
    ///     K(n) = (−1)^n · (1/M)·[X₀ + 2·Σ_{m=1}^{(M−1)/2} X_m·cos(2πmn/M)],  X_m = filter at ξ_m,
    ///
    /// for |n| ≤ N − 1 (the shifts the padded data reach). This K is laid out circularly over P
    /// samples and transformed, so the product in `FFT.filterRows` reproduces ODL's result for
    /// any P ≥ 2N − 1. (K is within 1e-6 relative of the spatial Ram-Lak kernel: the half-sample
    /// grid avoids the DC loss of a ramp sampled at integer frequencies.)
    func odlResponse(binCount: Int, paddedLength: Int, sampleSpacingCM tau: Double, angularRange: Double) -> [Float] {
        let odlLength = 2 * binCount - 1
        let half = Double(odlLength) / 2
        let maxFrequency = half * 2 * Double.pi / (Double(odlLength) * tau)
        let spectrum = (0...(odlLength - 1) / 2).map { m -> Double in
            let xi = abs(Double(m) - half) * 2 * Double.pi / (Double(odlLength) * tau)
            return xi / (2 * angularRange) * window(atNormalisedFrequency: xi / maxFrequency)
        }
        let kernel = (0..<binCount).map { n -> Double in
            var sum = spectrum[0]
            for m in 1..<spectrum.count {
                sum += 2 * spectrum[m] * cos(2 * Double.pi * Double(m * n % odlLength) / Double(odlLength))
            }
            return (n % 2 == 0 ? 1 : -1) * sum / Double(odlLength)
        }
        return (0...paddedLength / 2).map { k in
            var sum = kernel[0]
            for n in 1..<binCount {
                sum += 2 * kernel[n] * cos(2 * Double.pi * Double(k * n % paddedLength) / Double(paddedLength))
            }
            return Float(sum)
        }
    }

    /// The smallest FFTW-friendly length 2^a·3^b·5^c·7^d ≥ `minimum` (FFTW is fastest on these).
    static func friendlyLength(atLeast minimum: Int) -> Int {
        var length = max(minimum, 1)
        while true {
            var rest = length
            for factor in [2, 3, 5, 7] { while rest % factor == 0 { rest /= factor } }
            if rest == 1 { return length }
            length += 1
        }
    }
}
