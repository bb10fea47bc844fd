import Foundation

/// Li's minimum cross-entropy threshold, exactly as scikit-image 0.26's `skimage.filters.threshold_li` with its
/// default arguments on a floating-point image.
///
/// The authors build the head mask from it (`processing_data.py` L184-193; reference/msl-authors-code.md §3.2
/// step 1), so the mask — and with it which slices are kept — depends on matching it, not on some other
/// automatic threshold.
///
/// Li & Lee (1993), iterative form of Li & Tam (1998): with t the current threshold and μ_b, μ_f the means of
/// the pixels ≤ t and > t, the next threshold is their logarithmic mean
///
///     t' = (μ_b − μ_f) / (ln μ_b − ln μ_f),
///
/// iterated from t₀ = mean until |t' − t| ≤ tolerance. As scikit-image does:
/// - NaN pixels are dropped; no pixel left → NaN;
/// - an image of one value (±∞ included) returns that value, so `value > threshold` selects nothing;
/// - ±∞ are then dropped; nothing finite left → 0;
/// - the image is shifted by its minimum (the logarithms need positive means) and the result shifted back;
/// - tolerance = half the smallest difference between distinct intensities;
/// - the iteration stops early when the background mean is 0 (the background is a single value, ln 0 = −∞).
///
/// Arithmetic is Float64 on the Float32 pixels, as scikit-image on the authors' float64 (`get_fdata`) slices.
/// Not reproduced: scikit-image's histogram branch for integer dtypes (pixels here are always Float32), and its
/// error when only one finite value remains beside infinities (this returns that value).
public enum LiThreshold {
    /// The threshold of `pixels`: pixels strictly greater belong to the foreground.
    ///
    /// - Parameter tolerance: stop when the threshold changes by at most this much; nil = scikit-image's default,
    ///   half the smallest gap between distinct values.
    public static func threshold(of pixels: some Collection<Float>, tolerance: Double? = nil) -> Double {
        let present = pixels.filter { !$0.isNaN }
        guard let first = present.first else { return .nan }
        if present.allSatisfy({ $0 == first }) { return Double(first) }
        let finite = present.filter { $0.isFinite }.map(Double.init)
        guard let minimum = finite.min() else { return 0 }
        let image = finite.map { $0 - minimum }
        guard let tolerance = tolerance ?? defaultTolerance(image) else { return minimum }
        var next = image.reduce(0, +) / Double(image.count)
        var current = -2 * tolerance
        while abs(next - current) > tolerance {
            current = next
            var foreground = (sum: 0.0, count: 0)
            var background = (sum: 0.0, count: 0)
            for value in image {
                if value > current {
                    foreground.sum += value
                    foreground.count += 1
                } else {
                    background.sum += value
                    background.count += 1
                }
            }
            // Both parts are non-empty: t lies strictly between the smallest value (0) and the largest.
            let meanForeground = foreground.sum / Double(foreground.count)
            let meanBackground = background.sum / Double(background.count)
            if meanBackground == 0 { break }
            next = (meanBackground - meanForeground) / (log(meanBackground) - log(meanForeground))
        }
        return next + minimum
    }

    /// Half the smallest difference between distinct values, or nil when there is only one distinct value.
    static func defaultTolerance(_ values: [Double]) -> Double? {
        let sorted = values.sorted()
        var gap = Double.infinity
        for (a, b) in zip(sorted, sorted.dropFirst()) where b > a { gap = min(gap, b - a) }
        return gap.isFinite ? gap / 2 : nil
    }
}
