import Foundation

/// Counter-based pseudo-random numbers: a value is a pure function of (seed, stream, index), so a
/// phantom is the same whatever the thread count or the order voxels are computed in.
enum CounterNoise {
    /// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mix.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hash(_ seed: UInt64, _ stream: UInt64, _ index: UInt64) -> UInt64 {
        mix(mix(mix(seed) ^ stream) ^ index)
    }

    /// Uniform in [0, 1) from the top 53 bits.
    static func uniform(_ seed: UInt64, _ stream: UInt64, _ index: UInt64) -> Double {
        Double(hash(seed, stream, index) >> 11) * 0x1p-53
    }

    /// Two independent standard normals (Box–Muller).
    static func normalPair(_ seed: UInt64, _ stream: UInt64, _ index: UInt64) -> (Float, Float) {
        let u1 = max(uniform(seed, stream, 2 * index), 0x1p-53)
        let u2 = uniform(seed, stream, 2 * index + 1)
        let r = (-2 * log(u1)).squareRoot()
        return (Float(r * cos(2 * .pi * u2)), Float(r * sin(2 * .pi * u2)))
    }
}

/// Smooth value noise: uniform values on a lattice of `spacingMM`, interpolated with smoothstep weights;
/// scaled to a standard deviation of about 1. Used for tissue texture.
struct ValueNoise: Sendable {
    let seed: UInt64
    let stream: UInt64
    let spacingMM: Double

    func value(at p: SIMD3<Double>) -> Float {
        let q = p / spacingMM
        let f = q.rounded(.down)
        let t = SIMD3<Float>(q - f)
        let w = t * t * (3 - 2 * t)
        let base = SIMD3<Int64>(f)
        var sum: Float = 0
        for corner in 0..<8 {
            let o = SIMD3<Int64>(Int64(corner & 1), Int64((corner >> 1) & 1), Int64(corner >> 2))
            let c = base &+ o
            let key = UInt64(bitPattern: c.x) &* 0x9E37_79B1 ^ UInt64(bitPattern: c.y) &* 0x85EB_CA77
                ^ UInt64(bitPattern: c.z) &* 0xC2B2_AE3D
            let value = Float(CounterNoise.uniform(seed, stream, key)) * 2 - 1
            let weight = (o.x == 1 ? w.x : 1 - w.x) * (o.y == 1 ? w.y : 1 - w.y) * (o.z == 1 ? w.z : 1 - w.z)
            sum += weight * value
        }
        // Uniform(−1, 1) corners have SD 0.577; smoothstep-weighted averaging of 8 leaves about 0.35 of it.
        return sum * 2.9
    }
}
