/// Shape changes: views that share storage (`reshaped`, `flattened`) and copying axis
/// permutations (`permuted`, `transposed`).
extension Tensor {
    /// The same elements under a new shape, sharing storage (no copy), like PyTorch's
    /// `x.reshape(shape)` on a contiguous tensor (always a view here, since every tensor is contiguous).
    ///
    /// One entry of `shape` may be −1; it is inferred from the element count. Because storage is
    /// shared, in-place writes (`assign`, optimiser steps) to either tensor show through the other.
    /// Backward: the gradient is reshaped back to the input's shape (also without a copy).
    public func reshaped(_ shape: [Int]) -> Tensor {
        let resolved = resolvedShape(shape, operation: "reshaped")
        let inputShape = self.shape
        return Tensor.result(resolved, storage, operation: "reshaped", inputs: [self]) { g in
            [Tensor(shape: inputShape, storage: g.storage, gradientNode: nil)]
        }
    }

    /// Axes `startAxis...endAxis` merged into one, sharing storage (PyTorch's
    /// `x.flatten(start_dim, end_dim)`). Negative axes count from the end; a scalar becomes `[1]`.
    public func flattened(from startAxis: Int = 0, through endAxis: Int = -1) -> Tensor {
        if rank == 0 { return reshaped([1]) }
        let start = normalizedAxis(startAxis, operation: "flattened(from:through:)")
        let end = normalizedAxis(endAxis, operation: "flattened(from:through:)")
        shapeCheck(
            start <= end,
            "flattened(from:through:): start axis \(startAxis) comes after end axis \(endAxis) for shape \(shape)")
        let merged = shape[start...end].reduce(1, *)
        return reshaped(Array(shape[..<start]) + [merged] + Array(shape[(end + 1)...]))
    }

    /// The axes reordered: `result.shape[k] == shape[order[k]]` and
    /// `result[j₀, …, jₙ₋₁] == self[i]` with `i[order[k]] = jₖ` (PyTorch's
    /// `x.permute(order).contiguous()`). Negative entries count from the end.
    ///
    /// Copies, since tensors here are always contiguous. Backward: the gradient is permuted by the
    /// inverse permutation (`inverse[order[k]] = k`).
    public func permuted(_ order: [Int]) -> Tensor {
        shapeCheck(
            order.count == rank,
            "permuted: order \(order) has \(order.count) axes but the tensor has shape \(shape)")
        let order = order.map { $0 < 0 ? $0 + rank : $0 }
        shapeCheck(
            order.sorted() == Array(0..<rank),
            "permuted: order \(order) is not a permutation of the axes of shape \(shape)")
        var inverse = order
        for (k, axis) in order.enumerated() { inverse[axis] = k }
        let (resultShape, resultStorage) = Tensor.permute(pointer, shape: shape, order: order)
        return Tensor.result(resultShape, resultStorage, operation: "permuted", inputs: [self]) { g in
            let (shape, storage) = Tensor.permute(g.pointer, shape: g.shape, order: inverse)
            return [Tensor(shape: shape, storage: storage, gradientNode: nil)]
        }
    }

    /// Axes `a` and `b` swapped (PyTorch's `x.transpose(a, b).contiguous()`); a copying `permuted`.
    public func transposed(_ a: Int, _ b: Int) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(normalizedAxis(a, operation: "transposed"), normalizedAxis(b, operation: "transposed"))
        return permuted(order)
    }

    /// The shape viewed as `outer × extent × inner` around `axis` (already normalised): the
    /// layout every along-one-axis kernel (softmax, normalisation, slicing) walks.
    func axisLayout(_ axis: Int) -> (outer: Int, extent: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// `shape` with its one −1 (if any) replaced so that the element count matches this tensor's.
    private func resolvedShape(_ shape: [Int], operation: String) -> [Int] {
        let inferred = shape.indices.filter { shape[$0] == -1 }
        shapeCheck(inferred.count <= 1, "\(operation): more than one −1 in target shape \(shape)")
        shapeCheck(
            shape.allSatisfy { $0 >= -1 }, "\(operation): negative dimension in target shape \(shape)")
        guard let unknown = inferred.first else {
            shapeCheck(
                shape.reduce(1, *) == count,
                "\(operation): cannot view shape \(self.shape) (\(count) elements) as \(shape)")
            return shape
        }
        let known = shape.enumerated().reduce(1) { $1.offset == unknown ? $0 : $0 * $1.element }
        shapeCheck(
            known > 0 && count % known == 0,
            "\(operation): cannot view shape \(self.shape) (\(count) elements) as \(shape)")
        var resolved = shape
        resolved[unknown] = count / known
        return resolved
    }

    /// Copies the tensor of `shape` at `source` into new storage with its axes in `order`.
    /// Parallel over output rows (all axes but the last); the last output axis is read with the
    /// input stride of the axis it came from, contiguously when the last axis stays last.
    private static func permute(
        _ source: UnsafeMutablePointer<Float>, shape: [Int], order: [Int]
    ) -> (shape: [Int], storage: TensorStorage) {
        let rank = shape.count
        let count = shape.reduce(1, *)
        let storage = TensorStorage(count: count)
        let resultShape = order.map { shape[$0] }
        guard count > 0 else { return (resultShape, storage) }
        guard rank > 0 else {
            storage.pointer[0] = source[0]
            return (resultShape, storage)
        }
        var strides = Array(repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        // sourceStrides[k]: how far the input moves when output axis k advances by one.
        let sourceStrides = order.map { strides[$0] }
        let inner = resultShape[rank - 1]
        let innerStride = sourceStrides[rank - 1]
        let destination = storage.pointer
        parallelFor(count / inner, grain: Swift.max(1, 16_384 / inner)) { rows in
            for row in rows {
                var rest = row
                var offset = 0
                for d in stride(from: rank - 2, through: 0, by: -1) {
                    offset += (rest % resultShape[d]) * sourceStrides[d]
                    rest /= resultShape[d]
                }
                let s = source + offset
                let o = destination + row * inner
                if innerStride == 1 {
                    o.update(from: s, count: inner)
                } else {
                    for j in 0..<inner { o[j] = s[j * innerStride] }
                }
            }
        }
        return (resultShape, storage)
    }
}
