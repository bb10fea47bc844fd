#if canImport(Glibc)
import Glibc
#endif

/// A small, fast, reproducible random number generator: xoshiro256** seeded through SplitMix64
/// (Blackman & Vigna, 2018). The same seed gives the same stream on every platform and build.
///
/// Every random draw in msl (initialisation, dropout, masks, augmentation) takes one of these
/// explicitly, so a run is reproduced by its seeds.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// The four words of the xoshiro256** state, to save a generator mid-stream (checkpoints);
    /// `init(savedState:)` continues the stream exactly where it was.
    public var savedState: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// A generator continuing the stream saved by `savedState`; nil unless `words` holds four words,
    /// not all zero (a state xoshiro never reaches).
    public init?(savedState words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1), with 24 random bits (every representable step of a Float in [0.5, 1)).
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform in [low, high).
    public mutating func nextUniform(in low: Float, _ high: Float) -> Float {
        low + (high - low) * nextUniform()
    }

    /// Standard normal N(0, 1), by the Box–Muller transform in double precision.
    public mutating func nextNormal() -> Float {
        let u1 = (Double(next() >> 11) + 0.5) * (1.0 / 9_007_199_254_740_992.0)  // (0, 1)
        let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}

extension Tensor {
    /// Elements drawn uniformly from [low, high).
    public static func uniform(
        _ shape: [Int], low: Float, high: Float, generator: inout SeededGenerator, requiresGrad: Bool = false
    ) -> Tensor {
        let t = Tensor(zeros: shape, requiresGrad: requiresGrad)
        for i in 0..<t.count { t.pointer[i] = generator.nextUniform(in: low, high) }
        return t
    }

    /// Elements drawn from N(mean, std²).
    public static func normal(
        _ shape: [Int], mean: Float = 0, std: Float = 1, generator: inout SeededGenerator, requiresGrad: Bool = false
    ) -> Tensor {
        let t = Tensor(zeros: shape, requiresGrad: requiresGrad)
        for i in 0..<t.count { t.pointer[i] = mean + std * generator.nextNormal() }
        return t
    }
}
