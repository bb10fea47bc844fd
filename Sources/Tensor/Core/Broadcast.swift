/// How two shapes broadcast (NumPy rules: align trailing dimensions; 1 stretches), reduced to
/// the fewest loops: adjacent dimensions are merged wherever both operands stay contiguous
/// across them, so `[N,C,H,W] ⊙ [1,C,1,1]` runs as N·C rows of H·W with a constant right operand.
struct BroadcastPlan {
    /// The result's shape.
    let shape: [Int]
    /// Merged loop extents; the last is the inner run.
    let extents: [Int]
    /// Element strides of each operand along the merged loops (0 where it is broadcast).
    let stridesA: [Int]
    let stridesB: [Int]

    init(_ a: [Int], _ b: [Int], operation: String) {
        let rank = max(a.count, b.count)
        let paddedA = Array(repeating: 1, count: rank - a.count) + a
        let paddedB = Array(repeating: 1, count: rank - b.count) + b
        var shape: [Int] = []
        for (x, y) in zip(paddedA, paddedB) {
            shapeCheck(
                x == y || x == 1 || y == 1,
                "\(operation): shapes \(a) and \(b) do not broadcast (dimension \(x) against \(y))")
            shape.append(x == 1 ? y : x)
        }
        self.shape = shape

        func strides(_ padded: [Int]) -> [Int] {
            var result = Array(repeating: 0, count: rank)
            var step = 1
            for d in stride(from: rank - 1, through: 0, by: -1) {
                result[d] = padded[d] == 1 ? 0 : step
                step *= padded[d]
            }
            return result
        }
        var extents: [Int] = []
        var sa: [Int] = []
        var sb: [Int] = []
        for (d, (x, y)) in zip(strides(paddedA), strides(paddedB)).enumerated() where shape[d] != 1 {
            if let last = extents.last, sa.last! == x * shape[d], sb.last! == y * shape[d] {
                // Merge with the previous (outer) loop: both operands step uniformly across it.
                extents[extents.count - 1] = last * shape[d]
                sa[sa.count - 1] = x
                sb[sb.count - 1] = y
            } else {
                extents.append(shape[d])
                sa.append(x)
                sb.append(y)
            }
        }
        if extents.isEmpty { (extents, sa, sb) = ([1], [0], [0]) }
        self.extents = extents
        self.stridesA = sa
        self.stridesB = sb
    }

    /// Length of the inner run.
    var inner: Int { extents.last! }
    /// Number of inner runs.
    var outer: Int { extents.dropLast().reduce(1, *) }

    /// Element offsets of both operands at the start of inner run `index`.
    @inline(__always)
    func offsets(ofRun index: Int) -> (Int, Int) {
        var rest = index
        var offsetA = 0
        var offsetB = 0
        var d = extents.count - 2
        while d >= 0 {
            let i = rest % extents[d]
            rest /= extents[d]
            offsetA += i * stridesA[d]
            offsetB += i * stridesB[d]
            d -= 1
        }
        return (offsetA, offsetB)
    }
}

/// out[i] = f(a[i], b[i]) with broadcasting, in parallel over inner runs.
@inline(__always)
func broadcastMap(
    _ a: Tensor, _ b: Tensor, operation: String, _ f: (Float, Float) -> Float
) -> (shape: [Int], storage: TensorStorage) {
    let plan = BroadcastPlan(a.shape, b.shape, operation: operation)
    let storage = TensorStorage(uninitializedCount: plan.shape.reduce(1, *))
    let pa = a.pointer
    let pb = b.pointer
    let out = storage.pointer
    let inner = plan.inner
    let innerA = plan.stridesA.last!
    let innerB = plan.stridesB.last!
    parallelFor(plan.outer, grain: max(1, 32_768 / inner)) { runs in
        for run in runs {
            let (offsetA, offsetB) = plan.offsets(ofRun: run)
            let x = pa + offsetA
            let y = pb + offsetB
            let o = out + run * inner
            switch (innerA, innerB) {
            case (1, 1): for i in 0..<inner { o[i] = f(x[i], y[i]) }
            case (1, 0):
                let yv = y[0]
                for i in 0..<inner { o[i] = f(x[i], yv) }
            case (0, 1):
                let xv = x[0]
                for i in 0..<inner { o[i] = f(xv, y[i]) }
            default:
                let v = f(x[0], y[0])
                for i in 0..<inner { o[i] = v }
            }
        }
    }
    return (plan.shape, storage)
}

extension Tensor {
    /// Sums this tensor (a gradient of broadcast shape) down to `target`, the shape of an operand
    /// that was broadcast: the adjoint of broadcasting.
    func sum(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        let plan = BroadcastPlan(shape, target, operation: "sum(toShape:)")
        shapeCheck(plan.shape == shape, "sum(toShape:): \(target) does not broadcast to \(shape)")
        let result = Tensor(zeros: target)
        let source = pointer
        let destination = result.pointer
        let inner = plan.inner
        let innerB = plan.stridesB.last!
        // Serial: several runs may reduce into the same destination elements.
        for run in 0..<plan.outer {
            let (offsetA, offsetB) = plan.offsets(ofRun: run)
            let x = source + offsetA
            let y = destination + offsetB
            if innerB == 1 {
                for i in 0..<inner { y[i] += x[i] }
            } else {
                var total: Float = 0
                for i in 0..<inner { total += x[i] }
                y[0] += total
            }
        }
        return result
    }
}
