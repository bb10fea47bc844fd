/// Inverted dropout with an explicit, seeded mask.
extension Tensor {
    /// Zeroes each element with probability p and scales the survivors by 1/(1 − p), so the
    /// expected value is unchanged: y = x ⊙ m with mᵢ = 1/(1 − p) where uᵢ ≥ p and 0 otherwise,
    /// uᵢ = `generator.nextUniform()` drawn once per element in row-major order (PyTorch's
    /// `F.dropout(x, p, training=True)`; the random stream differs from PyTorch's).
    ///
    /// The op always drops: whether dropout is active (training) or skipped (evaluation) is the
    /// caller's decision. p = 0 returns `self` itself and p = 1 returns zeros; neither draws from
    /// `generator`. Any other p draws exactly `count` numbers, so the same seed gives the same mask.
    ///
    /// Backward: ∂L/∂x = g ⊙ m, with the same mask.
    public func dropout(probability p: Float, generator: inout SeededGenerator) -> Tensor {
        shapeCheck(p >= 0 && p <= 1, "dropout: probability \(p) is outside [0, 1] (shape \(shape))")
        if p == 0 { return self }
        // The mask holds 0 or 1/(1 − p) per element; for p = 1 it stays all zeros.
        let mask = TensorStorage(count: count)
        let output = TensorStorage(count: count)
        if p < 1 {
            let scale = 1 / (1 - p)
            let m = mask.pointer
            for i in 0..<count where generator.nextUniform() >= p { m[i] = scale }
            Tensor.multiply(pointer, mask.pointer, into: output.pointer, count: count)
        }
        return Tensor.result(shape, output, operation: "dropout", inputs: [self]) { [shape] g in
            let gradient = TensorStorage(count: mask.count)
            Tensor.multiply(g.pointer, mask.pointer, into: gradient.pointer, count: mask.count)
            return [Tensor(shape: shape, storage: gradient, gradientNode: nil)]
        }
    }

    /// out[i] = a[i] · b[i], in parallel.
    private static func multiply(
        _ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
        into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        parallelFor(count, grain: 1 << 15) { range in
            for i in range { out[i] = a[i] * b[i] }
        }
    }
}
