import Foundation
import Imaging
import Testing

@testable import Physics

@Suite struct CTSinogramNoiseTests {
    /// Poisson draws equal numpy's `RandomState(seed).poisson` (legacy stream) on both sides of
    /// the method switch at λ = 10.
    @Test func poissonDrawsMatchNumpy() throws {
        let noise = try CTFixture.values().noise
        var generator = MersenneTwister(seed: noise.seed)
        let draws = noise.poissonMeans.map { SinogramNoise.poisson($0, using: &generator) }
        #expect(draws == noise.poissonDraws)
    }

    /// The whole noisy sinogram equals numpy's (Poisson counts, then normals, then −ln(max(N, 1)/I₀)).
    @Test func noisySinogramMatchesNumpy() throws {
        let values = try CTFixture.values().noise
        let clean = Image2D(width: values.bins, height: values.views, pixels: try CTFixture.floats("noise_clean"))
        let noise = try SinogramNoise(
            blankScanPhotons: values.blankScanPhotons, electronicNoiseCounts: values.electronicNoiseCounts, seed: values.seed)
        let noisy = noise.apply(to: clean)
        let expected = try CTFixture.floats("noise_noisy")
        // Only exp/log rounding (1 ulp in double) separates the two: 1e-6 absolute.
        #expect(CTFixture.maxAbsoluteDifference(noisy.pixels, expected) < 1e-6)
        #expect(noise.apply(to: clean) == noisy)
        let other = try SinogramNoise(
            blankScanPhotons: values.blankScanPhotons, electronicNoiseCounts: values.electronicNoiseCounts, seed: values.seed + 1)
        #expect(other.apply(to: clean) != noisy)
    }

    /// Counts have the Poisson mean and variance λ (within 4.5 standard errors, so a correct
    /// sampler fails one run in ~10⁵), for small (inversion) and large (PTRS) means.
    @Test(arguments: [0.7, 6.0, 25.0, 4000.0]) func countsHavePoissonMoments(mean lambda: Double) {
        var generator = MersenneTwister(seed: 99)
        let n = 40_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n {
            let k = Double(SinogramNoise.poisson(lambda, using: &generator))
            sum += k
            sumSquares += k * k
        }
        let mean = sum / Double(n), variance = (sumSquares - Double(n) * mean * mean) / Double(n - 1)
        // Standard errors: of the mean √(λ/n); of the sample variance √((μ₄ − σ⁴)/n) with
        // μ₄ = λ + 3λ² for Poisson, i.e. √((λ + 2λ²)/n).
        let meanError = (lambda / Double(n)).squareRoot()
        let varianceError = ((lambda + 2 * lambda * lambda) / Double(n)).squareRoot()
        #expect(abs(mean - lambda) < 4.5 * meanError, "mean \(mean) for λ = \(lambda)")
        #expect(abs(variance - lambda) < 4.5 * varianceError, "variance \(variance) for λ = \(lambda)")
    }

    /// The noisy line integrals scatter with the delta-method variance 1/(I₀e^(−p)) + σ_e²/(I₀e^(−p))².
    @Test func lineIntegralVarianceFollowsTheCountRate() throws {
        let p: Float = 2, photons = 1e5, sigma = 20.0
        let clean = Image2D(width: 200, height: 100, repeating: p)
        let noisy = try SinogramNoise(blankScanPhotons: photons, electronicNoiseCounts: sigma, seed: 5).apply(to: clean)
        let values = noisy.pixels.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        let rate = photons * exp(-Double(p))
        let expected = 1 / rate + sigma * sigma / (rate * rate)
        // n = 20 000 samples: the variance's standard error is √(2/n) ≈ 1% of it; 5% is ~5σ.
        #expect(abs(variance - expected) < 0.05 * expected)
        #expect(abs(mean - Double(p)) < 5 * (expected / Double(values.count)).squareRoot() + 1 / (2 * rate))
    }

    @Test func invalidParametersThrow() {
        #expect(throws: PhysicsError.self) { try SinogramNoise(blankScanPhotons: 0, seed: 1) }
        #expect(throws: PhysicsError.self) { try SinogramNoise(blankScanPhotons: 1e5, electronicNoiseCounts: -1, seed: 1) }
    }
}
