import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 × 10^k, so that a reader can interpolate between labelled values at a
/// glance (0.84, 0.86, … rather than 0.8317, 0.8634, …).
///
/// The step nearest to span / count on a logarithmic scale is chosen with the thresholds √50, √10, √2 (as d3's
/// `tickIncrement`, d3-array `ticks.js`): a raw step whose mantissa is ≥ 7.07 becomes 10, ≥ 3.16 becomes 5,
/// ≥ 1.41 becomes 2, otherwise 1.
public enum PlotTicks {
    /// The nice step for about `count` intervals over `span` (> 0).
    public static func step(span: Double, count: Int = 5) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let mantissa = raw / magnitude
        switch mantissa {
        case 50.0.squareRoot()...: return 10 * magnitude
        case 10.0.squareRoot()...: return 5 * magnitude
        case 2.0.squareRoot()...: return 2 * magnitude
        default: return magnitude
        }
    }

    /// Every multiple of `step(span:count:)` inside `range` (ends included within 1e-9 steps), ascending. Values are
    /// computed as k / (1 / step) when the step is below 1, so that 0.82 prints and compares as 0.82, not
    /// 0.8200000000000001.
    public static func values(in range: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let step = step(span: range.upperBound - range.lowerBound, count: count)
        let first = (range.lowerBound / step - 1e-9).rounded(.up)
        let last = (range.upperBound / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 10_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { multiple(Int($0), of: step) }
    }

    /// `range` widened outwards to the nearest multiples of its nice step, so that an axis starts and ends on a
    /// labelled tick. An empty or degenerate range is widened to ±0.5 (or ±10 % of a non-zero value) first.
    public static func niceDomain(_ range: ClosedRange<Double>, count: Int = 5) -> ClosedRange<Double> {
        var (low, high) = (range.lowerBound, range.upperBound)
        if high - low <= 0 {
            let pad = low == 0 ? 0.5 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let step = step(span: high - low, count: count)
        let first = (low / step + 1e-9).rounded(.down)
        let last = (high / step - 1e-9).rounded(.up)
        return multiple(Int(first), of: step)...multiple(Int(last), of: step)
    }

    /// A tick label with as many decimals as the step needs (step 0.02 → "0.84", step 5 → "15"); never "-0".
    public static func label(_ value: Double, step: Double) -> String {
        let decimals = step > 0 && step < 1 ? Int((-log10(step) - 1e-9).rounded(.up)) : 0
        let shown = abs(value) < step * 1e-6 ? 0 : value
        return String(format: "%.\(decimals)f", shown)
    }

    /// k · step, exact for decimal steps below 1.
    private static func multiple(_ k: Int, of step: Double) -> Double {
        if step < 1 {
            let inverse = (1 / step).rounded()
            if abs(inverse * step - 1) < 1e-9 { return Double(k) / inverse }
        }
        return Double(k) * step
    }
}
