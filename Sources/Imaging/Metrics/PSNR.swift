import Foundation

/// Peak signal-to-noise ratio, PSNR = 10·log10(peak² / MSE) in decibels, with
/// MSE = (1/|Ω|) Σ_{p∈Ω} (x(p) − y(p))² over all pixels or a mask Ω.
///
/// `peak` is the data range (DESIGN §3: 1 for [0,1] images), as scikit-image's
/// `peak_signal_noise_ratio(x, y, data_range=peak)`; identical images give +∞. Accumulated in Double.
public struct PSNR: Sendable, Equatable {
    /// The largest possible signal, i.e. the data range (default 1).
    public var peak: Double

    /// The metric for data of range `peak`.
    public init(peak: Double = 1) { self.peak = peak }

    /// PSNR (dB) of `test` against `reference` over `mask` (row-major, true = include; nil = all pixels).
    ///
    /// - Throws: `ImagingError.sizeMismatch` when sizes differ, `.emptyMask` for a mask with no true
    ///   entry, `.invalidParameter` unless peak > 0.
    public func measure(_ reference: Image2D, _ test: Image2D, mask: [Bool]? = nil) throws -> Double {
        guard peak > 0, peak.isFinite else {
            throw ImagingError.invalidParameter(name: "PSNR peak", value: "\(peak)", expected: "a finite number > 0")
        }
        try MetricInputs.validate(reference, test, mask: mask, metric: "PSNR")
        let indices = MetricInputs.indices(count: reference.pixels.count, mask: mask)
        var sum = 0.0
        for p in indices {
            let difference = Double(reference.pixels[p]) - Double(test.pixels[p])
            sum += difference * difference
        }
        let meanSquaredError = sum / Double(indices.count)
        return meanSquaredError == 0 ? .infinity : 10 * log10(peak * peak / meanSquaredError)
    }
}
