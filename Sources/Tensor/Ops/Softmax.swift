/// Softmax along one axis.
extension Tensor {
    /// yᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) along `axis`, with m the maximum along that axis
    /// (PyTorch's `torch.softmax(x, dim=axis)`). Subtracting m changes nothing mathematically but
    /// keeps every exponent ≤ 0, so large logits cannot overflow. Negative axes count from the end.
    ///
    /// Backward: ∂L/∂x = y ⊙ (g − Σⱼ gⱼ yⱼ), the sum taken along `axis`. The kernels work on
    /// contiguous rows; another axis is moved last and back (the network only uses the last).
    public func softmax(axis: Int = -1) -> Tensor {
        let axis = normalizedAxis(axis, operation: "softmax")
        if axis != rank - 1 {
            return transposed(axis, rank - 1).softmax(axis: -1).transposed(axis, rank - 1)
        }
        let columns = Swift.max(shape.last ?? 1, 1)
        let rows = count / columns
        let storage = TensorStorage(count: count)
        storage.pointer.update(from: pointer, count: count)
        softmaxRows(storage.pointer, rows: rows, columns: columns)
        // Backward needs y: it captures the output's storage (keeping it alive), not the output.
        return Tensor.result(shape, storage, operation: "softmax", inputs: [self]) { [shape, storage] g in
            let gradient = TensorStorage(count: storage.count)
            gradient.pointer.update(from: g.pointer, count: storage.count)
            softmaxBackwardRows(probabilities: storage.pointer, gradient: gradient.pointer, rows: rows, columns: columns)
            return [Tensor(shape: shape, storage: gradient, gradientNode: nil)]
        }
    }
}

/// Softmax of each contiguous row in place, stable (the row maximum is subtracted first).
/// Shared by `softmax(axis:)` and the fused attention.
func softmaxRows(_ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    let vectorEnd = columns & ~7
    parallelFor(rows, grain: Swift.max(1, 16_384 / columns)) { range in
        for r in range {
            let row = data + r * columns
            let raw = UnsafeMutableRawPointer(row)
            // Maximum, eight lanes at a time (a scalar max loop does not vectorise: NaN rules).
            var lanes = SIMD8<Float>(repeating: -.infinity)
            for c in stride(from: 0, to: vectorEnd, by: 8) {
                lanes = pointwiseMax(lanes, raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self))
            }
            var maximum = lanes.max()
            for c in vectorEnd..<columns { maximum = Swift.max(maximum, row[c]) }
            var total: Float = 0
            var vectorTotal = SIMD8<Float>()
            let shift = SIMD8<Float>(repeating: maximum)
            for c in stride(from: 0, to: vectorEnd, by: 8) {
                let e = exponential(raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self) - shift)
                raw.storeBytes(of: e, toByteOffset: c * 4, as: SIMD8<Float>.self)
                vectorTotal += e
            }
            for c in vectorEnd..<columns {
                row[c] = exponential(row[c] - maximum)
                total += row[c]
            }
            total += vectorTotal.sum()
            let inverse = 1 / total
            let scale = SIMD8<Float>(repeating: inverse)
            for c in stride(from: 0, to: vectorEnd, by: 8) {
                let v = raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self) * scale
                raw.storeBytes(of: v, toByteOffset: c * 4, as: SIMD8<Float>.self)
            }
            for c in vectorEnd..<columns { row[c] *= inverse }
        }
    }
}

/// Turns ∂L/∂P into ∂L/∂S in place for P = softmax(S) by rows: ∂S = P ⊙ (∂P − Σ_row ∂P ⊙ P).
func softmaxBackwardRows(
    probabilities: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, rows: Int, columns: Int
) {
    parallelFor(rows, grain: Swift.max(1, 16_384 / columns)) { range in
        for r in range {
            let p = probabilities + r * columns
            let g = gradient + r * columns
            var dot: Float = 0
            for c in 0..<columns { dot += g[c] * p[c] }
            for c in 0..<columns { g[c] = p[c] * (g[c] - dot) }
        }
    }
}
