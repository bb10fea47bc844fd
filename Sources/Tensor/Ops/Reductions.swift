/// Sums and means over all elements or along one axis.
extension Tensor {
    /// Σ of all elements, as a scalar (shape `[]`). Accumulates in Double so that large tensors
    /// sum without drift.
    public func sum() -> Tensor {
        var total = 0.0
        for i in 0..<count { total += Double(pointer[i]) }
        let storage = TensorStorage(count: 1)
        storage.pointer[0] = Float(total)
        return Tensor.result([], storage, operation: "sum", inputs: [self]) { [shape] g in
            [Tensor(repeating: g.item, shape: shape)]
        }
    }

    /// Mean of all elements, as a scalar.
    public func mean() -> Tensor {
        sum().scaled(by: 1 / Float(Swift.max(count, 1)))
    }

    /// Σ along `axis` (negative counts from the end); the axis is kept with extent 1 when
    /// `keepingDimension`, dropped otherwise.
    public func sum(axis: Int, keepingDimension: Bool = false) -> Tensor {
        let axis = normalizedAxis(axis, operation: "sum(axis:)")
        let outer = shape[..<axis].reduce(1, *)
        let extent = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var kept = shape
        kept[axis] = 1
        let storage = TensorStorage(count: outer * inner)
        let source = pointer
        let destination = storage.pointer
        parallelFor(outer, grain: Swift.max(1, 8192 / Swift.max(extent * inner, 1))) { rows in
            for o in rows {
                let d = destination + o * inner
                for e in 0..<extent {
                    let s = source + (o * extent + e) * inner
                    for i in 0..<inner { d[i] += s[i] }
                }
            }
        }
        var resultShape = kept
        if !keepingDimension { resultShape.remove(at: axis) }
        return Tensor.result(resultShape, storage, operation: "sum(axis:)", inputs: [self]) { [shape] g in
            // Broadcast the gradient back along the summed axis.
            let expanded = Tensor(shape: kept, storage: g.storage, gradientNode: nil)
            return [withNoGrad { expanded + Tensor(zeros: shape) }]
        }
    }

    /// Mean along `axis`.
    public func mean(axis: Int, keepingDimension: Bool = false) -> Tensor {
        let extent = shape[normalizedAxis(axis, operation: "mean(axis:)")]
        return sum(axis: axis, keepingDimension: keepingDimension).scaled(by: 1 / Float(extent))
    }

    /// `axis` in 0..<rank, with negative values counted from the end.
    func normalizedAxis(_ axis: Int, operation: String) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        shapeCheck(resolved >= 0 && resolved < rank, "\(operation): axis \(axis) out of range for shape \(shape)")
        return resolved
    }
}
