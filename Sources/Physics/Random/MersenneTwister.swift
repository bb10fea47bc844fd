import Foundation

/// MT19937 (Matsumoto & Nishimura, 1998) with numpy's legacy `RandomState(seed)` draws, so masks
/// and noise seeded here are the same numbers the authors' numpy code drew.
///
/// `init(seed:)` is `init_genrand(seed)` (numpy seeds an integer this way); `nextUInt32` is
/// `genrand_int32`; `nextDouble` is `random_sample()`; `nextInt(below:)` is `randint(0, n)`;
/// `nextStandardNormal` is legacy `standard_normal()`. numpy's stream is frozen for
/// `RandomState`, so these stay equal across numpy versions.
public struct MersenneTwister: Sendable {
    private static let n = 624
    private static let m = 397
    private var state: [UInt32]
    private var index: Int
    /// The second normal of the last polar pair, returned by the next `nextStandardNormal`.
    private var cachedNormal: Double?

    /// `init_genrand(seed)`: mt[0] = seed, mt[i] = 1812433253·(mt[i−1] ⊕ (mt[i−1] >> 30)) + i (mod 2³²).
    public init(seed: UInt32) {
        var state = [UInt32](repeating: 0, count: Self.n)
        state[0] = seed
        for i in 1..<Self.n {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        self.state = state
        self.index = Self.n
    }

    /// `genrand_int32`: the next tempered 32-bit output.
    public mutating func nextUInt32() -> UInt32 {
        if index >= Self.n { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Regenerates the 624 words of state (the MT19937 recurrence).
    private mutating func twist() {
        for i in 0..<Self.n {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % Self.n] & 0x7FFF_FFFF)
            state[i] = state[(i + Self.m) % Self.n] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// `random_sample()` (`genrand_res53`): uniform in [0, 1) with 53 random bits,
    /// ((a >> 5)·67108864 + (b >> 6)) / 9007199254740992 for two outputs a, b.
    public mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// `randint(0, bound)`: uniform in 0..<bound by numpy's legacy masked rejection — draw
    /// `nextUInt32() & mask` (mask = the smallest 2ᵏ − 1 ≥ bound − 1) until it is < bound. A bound
    /// of 1 returns 0 and draws nothing. Bounds up to 2³² (numpy's 32-bit path).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound >= 1 && bound <= 1 << 32, "MersenneTwister.nextInt: bound \(bound) outside 1...2³²")
        let range = UInt32(bound - 1)
        if range == 0 { return 0 }
        if range == .max { return Int(nextUInt32()) }
        var mask = range
        for shift in [1, 2, 4, 8, 16] as [UInt32] { mask |= mask >> shift }
        while true {
            let value = nextUInt32() & mask
            if value <= range { return Int(value) }
        }
    }

    /// Legacy `standard_normal()` (numpy `legacy_gauss`): the polar Box–Muller method. Draw
    /// x₁, x₂ = 2·u − 1 until 0 < r² = x₁² + x₂² < 1; with f = √(−2·ln r² / r²) return f·x₂ and
    /// keep f·x₁ for the next call.
    public mutating func nextStandardNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        while true {
            let x1 = 2 * nextDouble() - 1
            let x2 = 2 * nextDouble() - 1
            let r2 = x1 * x1 + x2 * x2
            if r2 >= 1 || r2 == 0 { continue }
            let f = (-2 * log(r2) / r2).squareRoot()
            cachedNormal = f * x1
            return f * x2
        }
    }
}
