/// Scaling to unit Euclidean length along one axis.
extension Tensor {
    /// y = x / max(‖x‖₂, ε) along `axis` (PyTorch's `F.normalize(x, p=2, dim=axis, eps=ε)`).
    /// The norm is accumulated in Double. Negative axes count from the end.
    ///
    /// Backward, exactly as PyTorch differentiates `x / norm.clamp_min(ε)` (whose clamp passes the
    /// gradient when ‖x‖ ≥ ε):
    /// - ‖x‖ ≥ ε: ∂L/∂x = (g − y · Σⱼ gⱼ yⱼ) / ‖x‖;
    /// - ‖x‖ < ε (clamped, the denominator is the constant ε): ∂L/∂x = g / ε.
    public func l2Normalized(axis: Int = -1, epsilon: Float = 1e-12) -> Tensor {
        shapeCheck(epsilon > 0, "l2Normalized: epsilon \(epsilon) must be positive (shape \(shape), axis \(axis))")
        let axis = normalizedAxis(axis, operation: "l2Normalized")
        let (outer, extent, inner) = axisLayout(axis)
        let storage = TensorStorage(count: count)
        // ‖x‖ per fibre, kept for backward to choose the branch and divide.
        let norms = TensorStorage(count: outer * inner)
        let x = pointer
        let y = storage.pointer
        let n = norms.pointer
        // One fibre per (outer, inner) pair: its elements lie `inner` apart. Parallel over fibres.
        let grain = Swift.max(1, 8_192 / Swift.max(extent, 1))
        parallelFor(outer * inner, grain: grain) { fibres in
            for fibre in fibres {
                let base = (fibre / inner) * extent * inner + fibre % inner
                var squares = 0.0
                for e in 0..<extent {
                    let v = Double(x[base + e * inner])
                    squares += v * v
                }
                n[fibre] = Float(squares.squareRoot())
                let reciprocal = 1 / Swift.max(n[fibre], epsilon)
                for e in 0..<extent { y[base + e * inner] = x[base + e * inner] * reciprocal }
            }
        }
        // The closure captures the storages themselves (not just their pointers) to keep them alive.
        return Tensor.result(shape, storage, operation: "l2Normalized", inputs: [self]) { [shape, storage, norms] g in
            let (y, n) = (storage.pointer, norms.pointer)
            let gradient = TensorStorage(count: storage.count)
            let gx = gradient.pointer
            let gy = g.pointer
            parallelFor(outer * inner, grain: grain) { fibres in
                for fibre in fibres {
                    let base = (fibre / inner) * extent * inner + fibre % inner
                    let norm = n[fibre]
                    if norm < epsilon {
                        let reciprocal = 1 / epsilon
                        for e in 0..<extent { gx[base + e * inner] = gy[base + e * inner] * reciprocal }
                        continue
                    }
                    var dot: Float = 0
                    for e in 0..<extent { dot += gy[base + e * inner] * y[base + e * inner] }
                    let reciprocal = 1 / norm
                    for e in 0..<extent {
                        let i = base + e * inner
                        gx[i] = (gy[i] - y[i] * dot) * reciprocal
                    }
                }
            }
            return [Tensor(shape: shape, storage: gradient, gradientNode: nil)]
        }
    }
}
