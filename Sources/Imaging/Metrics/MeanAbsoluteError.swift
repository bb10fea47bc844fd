/// Mean absolute error, MAE = (1/|Ω|) Σ_{p∈Ω} |x(p) − y(p)|, over all pixels or a mask Ω.
///
/// In the images' intensity unit (the paper's metric on [0,1] images, DESIGN §3); accumulated in
/// Double. Symmetric in its arguments.
public struct MeanAbsoluteError: Sendable, Equatable {
    /// The metric (it has no parameters).
    public init() {}

    /// MAE between `reference` and `test` over `mask` (row-major, true = include; nil = all pixels).
    ///
    /// - Throws: `ImagingError.sizeMismatch` when sizes differ, `.emptyMask` for a mask with no true entry.
    public func measure(_ reference: Image2D, _ test: Image2D, mask: [Bool]? = nil) throws -> Double {
        try MetricInputs.validate(reference, test, mask: mask, metric: "MAE")
        let indices = MetricInputs.indices(count: reference.pixels.count, mask: mask)
        var sum = 0.0
        for p in indices { sum += abs(Double(reference.pixels[p]) - Double(test.pixels[p])) }
        return sum / Double(indices.count)
    }
}
