/// A k-space sampling pattern: which samples of a width×height k-space an acquisition measures.
///
/// Masks live in fftshifted k-space: the zero frequency (DC) is at column width/2, row height/2
/// (integer division), as after `FFT.fftShift`. A mask is reproduced exactly from its parameters
/// (kind, size, acceleration, centre fraction, seed): every random draw comes from
/// `MersenneTwister(seed:)`, numpy's legacy `RandomState(seed)` stream.
///
/// Column masks (`.authors`, `.equispaced`) keep or drop whole k-space columns (axis 1, x), the
/// same for every row, as the authors (processing_data.py L96-99, L131): the phase-encoding lines
/// of a 2-D Cartesian acquisition. `.variableDensityPoissonDisc` is a 2-D pattern (two phase-encode
/// directions of a 3-D acquisition, or a simulation study).
public struct KSpaceMask: Sendable, Equatable {
    /// How the sampled positions are chosen.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The authors' `MaskFunc_Cartesian` (processing_data.py L32-101), identical to fastMRI's
        /// `RandomMaskFunc` for one (fraction, acceleration) pair. With N columns:
        /// n_low = round(centerFraction·N) (round half to even, as Python); keep column i when
        /// u_i < p, p = (N/acceleration − n_low)/(N − n_low), u = N draws of `random_sample`;
        /// then keep columns [pad, pad + n_low), pad = (N − n_low + 1)/2 (integer division).
        /// The expected acceleration is `acceleration`; the achieved one varies with the seed.
        case authors
        /// fastMRI v0.1 `EquispacedMaskFunc` (fastmri/data/subsample.py): the same centre block,
        /// plus columns round_half_even(offset + i·Δ) < N − 1 with the adjusted spacing
        /// a = acceleration·(n_low − N)/(n_low·acceleration − N), so the total count is about
        /// N/acceleration; Δ = (offset + a) − offset as numpy's `arange` computes it and
        /// offset = `randint(0, round(a))`. Needs n_low·acceleration < N.
        case equispaced
        /// A 2-D variable-density Poisson-disc pattern (see `KSpaceMask+PoissonDisc.swift`):
        /// a fully sampled central disc of normalised radius `centerFraction`, elsewhere no two
        /// samples closer than d(r) = d₀·(1 + 2r) pixels, r the normalised radius; d₀ is found by
        /// bisection so that the achieved acceleration is within 1 % of the requested one.
        case variableDensityPoissonDisc

        /// fastMRI's `RandomMaskFunc`: the same masks as `.authors` (the authors' class is a copy
        /// of it; its `randint(0, 1)` choice of the single pair draws no random number).
        public static let randomLines = Kind.authors
    }

    public let kind: Kind
    /// Number of k-space columns (x, axis 1) and rows (y, axis 0).
    public let width: Int
    public let height: Int
    /// The requested acceleration R (full / sampled count); see `achievedAcceleration`.
    public let acceleration: Double
    /// Fraction of the k-space extent that is always sampled around DC (the centre block's width
    /// over N for column masks, the central disc's diameter over the extent for 2-D masks).
    public let centerFraction: Double
    public let seed: UInt32
    /// Row-major, index y·width + x: `true` where k-space is sampled.
    public let samples: [Bool]

    /// Builds the mask the parameters define. Defaults are DESIGN §3 and the authors'
    /// (processing_data.py L15, L128-130): `.authors`, R = 4, centre fraction 0.1, seed 1337.
    ///
    /// - Throws: `PhysicsError.invalidParameter` for a size below 1, an acceleration below 1, a
    ///   centre fraction outside [0, 1), or a centre region too large for the acceleration.
    public init(
        kind: Kind = .authors, width: Int, height: Int, acceleration: Double = 4, centerFraction: Double = 0.1,
        seed: UInt32 = 1337
    ) throws {
        guard width >= 1, height >= 1 else {
            throw PhysicsError.invalidParameter(
                name: "mask size", value: "\(width)×\(height)", requirement: "needs at least 1×1 samples")
        }
        guard acceleration.isFinite, acceleration >= 1 else {
            throw PhysicsError.invalidParameter(
                name: "acceleration", value: "\(acceleration)", requirement: "must be a finite number ≥ 1")
        }
        guard centerFraction.isFinite, centerFraction >= 0, centerFraction < 1 else {
            throw PhysicsError.invalidParameter(
                name: "centerFraction", value: "\(centerFraction)", requirement: "must be in [0, 1)")
        }
        self.kind = kind
        self.width = width
        self.height = height
        self.acceleration = acceleration
        self.centerFraction = centerFraction
        self.seed = seed
        switch kind {
        case .authors:
            let columns = try Self.authorsColumns(
                count: width, acceleration: acceleration, centerFraction: centerFraction, seed: seed)
            samples = Array(repeating: columns, count: height).flatMap { $0 }
        case .equispaced:
            let columns = try Self.equispacedColumns(
                count: width, acceleration: acceleration, centerFraction: centerFraction, seed: seed)
            samples = Array(repeating: columns, count: height).flatMap { $0 }
        case .variableDensityPoissonDisc:
            samples = try Self.poissonDiscSamples(
                width: width, height: height, acceleration: acceleration, centerFraction: centerFraction, seed: seed)
        }
    }

    /// Whether k-space column x, row y is sampled.
    public subscript(x x: Int, y y: Int) -> Bool { samples[y * width + x] }

    /// Whether the mask keeps whole columns (the same for every row).
    public var isColumnMask: Bool { kind != .variableDensityPoissonDisc }

    /// Number of sampled k-space positions.
    public var sampledCount: Int { samples.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// width·height / sampledCount: the acceleration this mask actually achieves (∞ if empty).
    public var achievedAcceleration: Double { Double(width * height) / Double(sampledCount) }

    /// The columns sampled in every row, ascending (for a column mask, the kept columns).
    public var sampledColumns: [Int] {
        (0..<width).filter { x in (0..<height).allSatisfy { y in self[x: x, y: y] } }
    }
}
