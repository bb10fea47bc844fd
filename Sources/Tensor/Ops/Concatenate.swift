/// Joining tensors along an axis and cutting them apart again. Every op here is one slab copy per
/// input (see `copySlab`); the backward rules are the same copies in the other direction.
extension Tensor {
    /// The tensors joined along `axis` (PyTorch's `torch.cat(tensors, dim=axis)`): all shapes must
    /// agree except along `axis`, whose extents add up. Negative axes count from the end.
    ///
    /// Backward: each input receives the slice of the gradient at its own position along `axis`.
    public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
        shapeCheck(!tensors.isEmpty, "concatenate: no tensors given (axis \(axis))")
        let first = tensors[0]
        let axis = first.normalizedAxis(axis, operation: "concatenate")
        // Shapes must match with the concatenation axis blanked out.
        func blanked(_ shape: [Int]) -> [Int] {
            var shape = shape
            shape[axis] = 0
            return shape
        }
        for t in tensors {
            shapeCheck(
                t.rank == first.rank && blanked(t.shape) == blanked(first.shape),
                "concatenate along axis \(axis): shapes \(tensors.map(\.shape)) differ outside that axis")
        }
        let extents = tensors.map { $0.shape[axis] }
        let starts = extents.indices.map { extents[..<$0].reduce(0, +) }
        var shape = first.shape
        shape[axis] = extents.reduce(0, +)
        let (outer, total, inner) = (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
        let storage = TensorStorage(count: shape.reduce(1, *))
        for (t, start) in zip(tensors, starts) {
            copySlab(
                outer: outer, inner: inner, length: t.shape[axis],
                from: t.pointer, extent: t.shape[axis], at: 0,
                to: storage.pointer, extent: total, at: start)
        }
        return result(shape, storage, operation: "concatenate", inputs: tensors) { g in
            zip(tensors, starts).map { t, start in
                guard t.requiresGrad else { return nil }
                let piece = TensorStorage(count: t.count)
                copySlab(
                    outer: outer, inner: inner, length: t.shape[axis],
                    from: g.pointer, extent: total, at: start,
                    to: piece.pointer, extent: t.shape[axis], at: 0)
                return Tensor(shape: t.shape, storage: piece, gradientNode: nil)
            }
        }
    }

    /// The elements at positions `range` along `axis`, copied (PyTorch's `x.narrow(axis, start,
    /// length)` or `x[..., a:b, ...]`, made contiguous). Negative axes count from the end.
    ///
    /// Backward: the gradient is scattered into zeros of the input's shape at `range`.
    public func sliced(axis: Int, range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis, operation: "sliced(axis:range:)")
        let (outer, extent, inner) = axisLayout(axis)
        shapeCheck(
            range.lowerBound >= 0 && range.upperBound <= extent,
            "sliced(axis:range:): range \(range) out of bounds for axis \(axis) of extent \(extent) in shape \(shape)")
        var resultShape = shape
        resultShape[axis] = range.count
        let storage = TensorStorage(count: resultShape.reduce(1, *))
        Tensor.copySlab(
            outer: outer, inner: inner, length: range.count,
            from: pointer, extent: extent, at: range.lowerBound,
            to: storage.pointer, extent: range.count, at: 0)
        return Tensor.result(resultShape, storage, operation: "sliced(axis:range:)", inputs: [self]) { [shape] g in
            let scattered = TensorStorage(count: shape.reduce(1, *))  // zeros outside the slice
            Tensor.copySlab(
                outer: outer, inner: inner, length: range.count,
                from: g.pointer, extent: range.count, at: 0,
                to: scattered.pointer, extent: extent, at: range.lowerBound)
            return [Tensor(shape: shape, storage: scattered, gradientNode: nil)]
        }
    }

    /// Consecutive pieces of the given extents along `axis`, which must add up to the axis's extent
    /// (PyTorch's `torch.split(x, sizes, dim=axis)` with a list of sizes).
    ///
    /// Each piece is a `sliced` copy with its own backward rule, so gradients from the pieces
    /// accumulate into the input's gradient.
    public func split(sizes: [Int], axis: Int) -> [Tensor] {
        let resolved = normalizedAxis(axis, operation: "split(sizes:axis:)")
        shapeCheck(
            sizes.allSatisfy { $0 >= 0 } && sizes.reduce(0, +) == shape[resolved],
            "split(sizes:axis:): sizes \(sizes) do not add up to extent \(shape[resolved]) of axis \(axis) in shape \(shape)")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return sliced(axis: resolved, range: start..<(start + size))
        }
    }

    /// At most `count` pieces along `axis`, each of extent ⌈extent / count⌉ except possibly a
    /// shorter last one — exactly PyTorch's `torch.chunk(x, count, dim=axis)`, which may return
    /// fewer than `count` pieces (extent 5 in 4 chunks gives 2, 2, 1).
    public func chunked(_ count: Int, axis: Int) -> [Tensor] {
        let resolved = normalizedAxis(axis, operation: "chunked(_:axis:)")
        shapeCheck(count >= 1, "chunked(_:axis:): chunk count \(count) must be at least 1 (shape \(shape))")
        let extent = shape[resolved]
        guard extent > 0 else { return [sliced(axis: resolved, range: 0..<0)] }
        let size = (extent + count - 1) / count
        return stride(from: 0, to: extent, by: size).map { start in
            sliced(axis: resolved, range: start..<Swift.min(start + size, extent))
        }
    }

    /// For each of `outer` rows, copies `length · inner` contiguous elements from row position
    /// `sourceStart` of a source laid out as `outer × sourceExtent × inner` to row position
    /// `destinationStart` of a destination laid out as `outer × destinationExtent × inner`.
    /// Parallel over rows; each row's destination run is written by one chunk only.
    static func copySlab(
        outer: Int, inner: Int, length: Int,
        from source: UnsafeMutablePointer<Float>, extent sourceExtent: Int, at sourceStart: Int,
        to destination: UnsafeMutablePointer<Float>, extent destinationExtent: Int, at destinationStart: Int
    ) {
        let run = length * inner
        guard run > 0 else { return }
        parallelFor(outer, grain: Swift.max(1, 32_768 / run)) { rows in
            for row in rows {
                let s = source + (row * sourceExtent + sourceStart) * inner
                let d = destination + (row * destinationExtent + destinationStart) * inner
                d.update(from: s, count: run)
            }
        }
    }
}
