#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax along one axis.
extension Tensor {
    /// yᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) along `axis`, with m the maximum along that axis
    /// (PyTorch's `torch.softmax(x, dim=axis)`). Subtracting m changes nothing mathematically but
    /// keeps every exponent ≤ 0, so large logits cannot overflow. Negative axes count from the end.
    ///
    /// Backward: ∂L/∂x = y ⊙ (g − Σⱼ gⱼ yⱼ), the sum taken along `axis`.
    public func softmax(axis: Int = -1) -> Tensor {
        let axis = normalizedAxis(axis, operation: "softmax")
        let (outer, extent, inner) = axisLayout(axis)
        let storage = TensorStorage(count: count)
        let x = pointer
        let y = storage.pointer
        // One fibre per (outer, inner) pair: its elements lie `inner` apart. Parallel over fibres.
        parallelFor(outer * inner, grain: Swift.max(1, 8_192 / Swift.max(extent, 1))) { fibres in
            for fibre in fibres {
                let base = (fibre / inner) * extent * inner + fibre % inner
                var maximum = -Float.infinity
                for e in 0..<extent { maximum = Swift.max(maximum, x[base + e * inner]) }
                var total: Float = 0
                for e in 0..<extent {
                    let v = expf(x[base + e * inner] - maximum)
                    y[base + e * inner] = v
                    total += v
                }
                let reciprocal = 1 / total
                for e in 0..<extent { y[base + e * inner] *= reciprocal }
            }
        }
        // Backward needs y: it captures the output's storage (keeping it alive), not the output.
        return Tensor.result(shape, storage, operation: "softmax", inputs: [self]) { [shape, storage] g in
            let y = storage.pointer
            let gradient = TensorStorage(count: storage.count)
            let gx = gradient.pointer
            let gy = g.pointer
            parallelFor(outer * inner, grain: Swift.max(1, 8_192 / Swift.max(extent, 1))) { fibres in
                for fibre in fibres {
                    let base = (fibre / inner) * extent * inner + fibre % inner
                    var dot: Float = 0
                    for e in 0..<extent { dot += gy[base + e * inner] * y[base + e * inner] }
                    for e in 0..<extent {
                        let i = base + e * inner
                        gx[i] = y[i] * (gy[i] - dot)
                    }
                }
            }
            return [Tensor(shape: shape, storage: gradient, gradientNode: nil)]
        }
    }
}
