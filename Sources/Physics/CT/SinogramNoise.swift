import Foundation
import Imaging

/// Photon-counting and electronic noise on a sinogram of line integrals, seeded and reproducible.
///
/// Model (monoenergetic, per detector cell with blank-scan count I₀):
///
///     N = Poisson(I₀·e^(−p)) + σ_e·Z,   Z ~ N(0, 1),   p̃ = −ln(max(N, 1)/I₀)
///
/// with σ_e the electronic noise in counts. Counts below one photon are clamped to 1 before the
/// logarithm (a photon-starved ray reads as p̃ = ln I₀). The authors' preprocessing adds no
/// noise (reference §2); this is the realistic option.
///
/// Random numbers come from `MersenneTwister(seed:)` (numpy's legacy `RandomState` stream) and are
/// drawn as numpy would for whole arrays: first one Poisson count per cell in row-major order
/// (`RandomState.poisson(lam)`), then one normal per cell (`RandomState.normal(0, σ_e, shape)`),
/// so `numpy.random.RandomState(seed)` reproduces the same counts. Poisson variates follow numpy's
/// `random_poisson`: for λ < 10 the multiplication (inversion by products of uniforms) method,
/// for λ ≥ 10 Hörmann's PTRS transformed rejection (W. Hörmann, "The transformed rejection method
/// for generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993),
/// both exact. Electronic noise is skipped (no draws) when σ_e = 0; Poisson draws are skipped
/// when `poissonNoise` is false (then N = I₀·e^(−p) + σ_e·Z).
public struct SinogramNoise: Sendable, Equatable {
    /// Blank-scan photon count I₀ per detector cell (unattenuated ray).
    public var blankScanPhotons: Double
    /// Standard deviation σ_e of the additive electronic noise, in counts.
    public var electronicNoiseCounts: Double
    /// Whether to draw Poisson photon counts (quantum noise).
    public var poissonNoise: Bool
    /// Seed of the `MersenneTwister` stream.
    public var seed: UInt32

    /// Throws `PhysicsError.invalidParameter` unless I₀ > 0 and σ_e ≥ 0 (both finite).
    public init(
        blankScanPhotons: Double, electronicNoiseCounts: Double = 0, poissonNoise: Bool = true, seed: UInt32
    ) throws {
        try CTGeometryValidation.checkPositive("blankScanPhotons", blankScanPhotons)
        try CTGeometryValidation.checkPositive("electronicNoiseCounts", electronicNoiseCounts, orZero: true)
        self.blankScanPhotons = blankScanPhotons
        self.electronicNoiseCounts = electronicNoiseCounts
        self.poissonNoise = poissonNoise
        self.seed = seed
    }

    /// The noisy sinogram p̃ of `sinogram` (line integrals p, any shape; spacing and origin kept).
    public func apply(to sinogram: Image2D) -> Image2D {
        var generator = MersenneTwister(seed: seed)
        let photons = blankScanPhotons
        var counts = sinogram.pixels.map { photons * exp(-Double($0)) }
        if poissonNoise {
            for index in counts.indices { counts[index] = Double(Self.poisson(counts[index], using: &generator)) }
        }
        if electronicNoiseCounts > 0 {
            for index in counts.indices { counts[index] += electronicNoiseCounts * generator.nextStandardNormal() }
        }
        var result = sinogram
        for index in counts.indices { result.pixels[index] = Float(-log(max(counts[index], 1) / photons)) }
        return result
    }

    /// One Poisson(λ) variate as numpy's `random_poisson` draws it (λ ≥ 0).
    static func poisson(_ mean: Double, using generator: inout MersenneTwister) -> Int {
        if mean >= 10 { return poissonPTRS(mean, using: &generator) }
        if mean <= 0 { return 0 }
        // Multiplication method: the count of uniforms whose running product stays above e^(−λ).
        let limit = exp(-mean)
        var count = 0
        var product = 1.0
        while true {
            product *= generator.nextDouble()
            if product > limit { count += 1 } else { return count }
        }
    }

    /// PTRS (Hörmann 1993) for λ ≥ 10, with numpy's constants and log-gamma.
    private static func poissonPTRS(_ mean: Double, using generator: inout MersenneTwister) -> Int {
        let rootMean = mean.squareRoot(), logMean = log(mean)
        let b = 0.931 + 2.53 * rootMean
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = generator.nextDouble() - 0.5
            let v = generator.nextDouble()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(inverseAlpha) - log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1) {
                return Int(k)
            }
        }
    }

    /// numpy's `random_loggam`: ln Γ(x) by the Stirling series with ten coefficients, shifted up
    /// to x ≥ 7 by the recurrence (x = 1 and 2 give 0 exactly).
    static func logGamma(_ x: Double) -> Double {
        if x == 1 || x == 2 { return 0 }
        let coefficients: [Double] = [
            8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
            8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
            1.796443723688307e-01, -1.39243221690590e+00,
        ]
        let shift = x < 7 ? Int(7 - x) : 0
        var x0 = x + Double(shift)
        let x2 = (1 / x0) * (1 / x0)
        var series = coefficients[9]
        for k in stride(from: 8, through: 0, by: -1) { series = series * x2 + coefficients[k] }
        var result = series / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * log(x0) - x0
        if x < 7 {
            for _ in 0..<shift {
                result -= log(x0 - 1)
                x0 -= 1
            }
        }
        return result
    }
}
