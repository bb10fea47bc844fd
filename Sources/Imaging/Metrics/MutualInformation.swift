import Foundation

/// Mutual information and Studholme's normalised MI from a joint intensity histogram, in nats.
///
/// With p(a, b) the joint histogram of the pixel pairs (over all pixels or a mask) divided by the
/// pair count, and p(a), p(b) its marginals:
///
///     MI  = Σ p(a,b)·ln(p(a,b) / (p(a)·p(b))) = H(A) + H(B) − H(A,B)        (nats, ≥ 0)
///     NMI = (H(A) + H(B)) / H(A,B)                                         (Studholme 1999, in [1, 2])
///     H(A) = −Σ p(a)·ln p(a), H(A,B) = −Σ p(a,b)·ln p(a,b)
///
/// Binning (DESIGN §3: state the bin count; 256 by default for evaluation): each image's values are
/// split into `bins` equal bins over a range, exactly as `numpy.histogram2d(x, y, bins)` on float64:
/// edges e_k = lo + k·((hi − lo)/bins), value v in bin k when e_k ≤ v < e_{k+1}, v = hi in the last bin.
/// The default range `.imageMinMax` is each image's own [min, max] over the counted pixels (numpy's
/// default; a constant image uses [v − 0.5, v + 0.5], as numpy), so MI is invariant to affine intensity
/// maps; `.fixed(lower:upper:)` uses one range for both images and clamps values into it first.
/// NMI is defined as 1 (no shared information) when H(A,B) = 0, i.e. both images are constant.
public struct MutualInformation: Sendable, Equatable {
    /// The intensity range split into bins.
    public enum BinRange: Sendable, Equatable, Codable {
        /// Each image's own [min, max] over the counted pixels (numpy's default).
        case imageMinMax
        /// One range for both images; values outside are clamped into the end bins.
        case fixed(lower: Double, upper: Double)
    }

    /// Marginal and joint entropies (nats) of one image pair, with the derived measures.
    public struct Entropies: Sendable, Equatable {
        /// H(A), nats.
        public var a: Double
        /// H(B), nats.
        public var b: Double
        /// H(A,B), nats.
        public var joint: Double

        /// MI = H(A) + H(B) − H(A,B), in nats.
        public var mutualInformation: Double { a + b - joint }
        /// NMI = (H(A) + H(B)) / H(A,B); 1 when H(A,B) = 0.
        public var normalizedMutualInformation: Double { joint > 0 ? (a + b) / joint : 1 }
    }

    /// Bins per image axis (default 256); the joint histogram has bins² cells.
    public var bins: Int
    /// How each image's values map to bins (default each image's [min, max]).
    public var range: BinRange

    /// The metric with `bins` bins per image over `range`.
    public init(bins: Int = 256, range: BinRange = .imageMinMax) {
        self.bins = bins
        self.range = range
    }

    /// MI (nats) between `a` and `b` over `mask` (row-major, true = include; nil = all pixels).
    public func measure(_ a: Image2D, _ b: Image2D, mask: [Bool]? = nil) throws -> Double {
        try entropies(a, b, mask: mask).mutualInformation
    }

    /// Studholme's NMI = (H(A) + H(B)) / H(A,B) between `a` and `b` over `mask`.
    public func normalized(_ a: Image2D, _ b: Image2D, mask: [Bool]? = nil) throws -> Double {
        try entropies(a, b, mask: mask).normalizedMutualInformation
    }

    /// H(A), H(B) and H(A,B) in nats from the joint histogram over `mask`.
    ///
    /// - Throws: `.sizeMismatch` when sizes differ, `.emptyMask` for a mask with no true entry,
    ///   `.invalidParameter` for bins < 1 or a fixed range that is not finite with lower < upper.
    public func entropies(_ a: Image2D, _ b: Image2D, mask: [Bool]? = nil) throws -> Entropies {
        guard bins >= 1 else {
            throw ImagingError.invalidParameter(name: "MI bins", value: "\(bins)", expected: "at least 1")
        }
        if case .fixed(let lower, let upper) = range, !(lower.isFinite && upper.isFinite && lower < upper) {
            throw ImagingError.invalidParameter(
                name: "MI range", value: "[\(lower), \(upper)]", expected: "finite bounds with lower < upper")
        }
        try MetricInputs.validate(a, b, mask: mask, metric: "MI")
        let indices = MetricInputs.indices(count: a.pixels.count, mask: mask)
        let binsA = binIndices(a.pixels, at: indices)
        let binsB = binIndices(b.pixels, at: indices)
        var joint = [Int](repeating: 0, count: bins * bins)
        for (i, j) in zip(binsA, binsB) { joint[i * bins + j] += 1 }
        var marginalA = [Int](repeating: 0, count: bins)
        var marginalB = [Int](repeating: 0, count: bins)
        for i in 0..<bins {
            for j in 0..<bins {
                marginalA[i] += joint[i * bins + j]
                marginalB[j] += joint[i * bins + j]
            }
        }
        let total = Double(indices.count)
        return Entropies(
            a: Self.entropy(marginalA, total: total), b: Self.entropy(marginalB, total: total),
            joint: Self.entropy(joint, total: total))
    }

    /// −Σ (n/N)·ln(n/N) over the non-empty cells.
    static func entropy(_ counts: [Int], total: Double) -> Double {
        var h = 0.0
        for n in counts where n > 0 {
            let p = Double(n) / total
            h -= p * log(p)
        }
        return h
    }

    /// The bin of every counted pixel, with numpy `histogram2d`'s edges and edge rules.
    func binIndices(_ pixels: [Float], at indices: [Int]) -> [Int] {
        var values = indices.map { Double(pixels[$0]) }
        var (lower, upper): (Double, Double)
        switch range {
        case .imageMinMax:
            (lower, upper) = (values.min() ?? 0, values.max() ?? 0)
            if lower == upper { (lower, upper) = (lower - 0.5, upper + 0.5) }
        case .fixed(let fixedLower, let fixedUpper):
            (lower, upper) = (fixedLower, fixedUpper)
            values = values.map { min(max($0, lower), upper) }
        }
        // numpy.linspace(lower, upper, bins + 1): e_k = k·step + lower, last edge exactly `upper`.
        let step = (upper - lower) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + lower }
        edges[bins] = upper
        return values.map { v in
            guard v < upper else { return bins - 1 }
            // searchsorted(edges, v, side='right') − 1: the last edge ≤ v.
            var (low, high) = (0, bins)
            while high - low > 1 {
                let middle = (low + high) / 2
                if edges[middle] <= v { low = middle } else { high = middle }
            }
            return low
        }
    }
}
