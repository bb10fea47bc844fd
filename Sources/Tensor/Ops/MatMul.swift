/// Matrix products on OpenBLAS `sgemm`.
extension Tensor {
    /// Matrix product over the last two dimensions.
    ///
    /// - `other` of rank 2 ([K, N]): self [..., M, K] → [..., M, N], as one GEMM over all rows.
    /// - `other` of rank ≥ 3: batched; leading dimensions must be equal (no broadcasting):
    ///   [B..., M, K] × [B..., K, N] → [B..., M, N] (PyTorch `bmm` generalised).
    public func matmul(_ other: Tensor) -> Tensor {
        shapeCheck(rank >= 2 && other.rank >= 2, "matmul: need rank ≥ 2 operands, got \(shape) and \(other.shape)")
        let (m, k) = (shape[rank - 2], shape[rank - 1])
        let (k2, n) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        shapeCheck(k == k2, "matmul: inner dimensions differ: \(shape) × \(other.shape)")
        let shared = other.rank == 2
        if !shared {
            shapeCheck(
                shape.dropLast(2) == other.shape.dropLast(2),
                "matmul: batch dimensions differ: \(shape) × \(other.shape)")
        }
        let batches = shared ? 1 : shape.dropLast(2).reduce(1, *)
        let rows = shared ? count / Swift.max(k, 1) : m  // rows of A per GEMM
        let outShape = Array(shape.dropLast()) + [n]
        let storage = TensorStorage(uninitializedCount: outShape.reduce(1, *))  // β = 0 GEMMs write it all
        let a = self
        let b = other
        for batch in 0..<batches {
            sgemm(
                m: rows, n: n, k: k, a: a.pointer + batch * rows * k, lda: k,
                b: b.pointer + batch * k * n, ldb: n, c: storage.pointer + batch * rows * n, ldc: n)
        }
        return Tensor.result(outShape, storage, operation: "matmul", inputs: [a, b]) { g in
            let gradA = a.requiresGrad ? Tensor(zeros: a.shape) : nil
            let gradB = b.requiresGrad ? Tensor(zeros: b.shape) : nil
            for batch in 0..<batches {
                let gOut = g.pointer + batch * rows * n
                if let gradA {  // dA = dC · Bᵀ
                    sgemm(
                        transposeB: true, m: rows, n: k, k: n, a: gOut, lda: n,
                        b: b.pointer + batch * k * n, ldb: n, c: gradA.pointer + batch * rows * k, ldc: k)
                }
                if let gradB {  // dB = Aᵀ · dC
                    sgemm(
                        transposeA: true, m: k, n: n, k: rows, a: a.pointer + batch * rows * k, lda: k,
                        b: gOut, ldb: n, c: gradB.pointer + batch * k * n, ldc: n)
                }
            }
            return [gradA, gradB]
        }
    }

    /// Affine map of the last dimension, PyTorch `F.linear`: y = x·Wᵀ + b with weight [out, in]
    /// and bias [out]; x is [..., in].
    public func linear(weight: Tensor, bias: Tensor? = nil) -> Tensor {
        shapeCheck(weight.rank == 2, "linear: weight must be [out, in], got \(weight.shape)")
        let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
        shapeCheck(shape.last == inFeatures, "linear: input \(shape) has last dimension ≠ \(inFeatures) (weight \(weight.shape))")
        if let bias { shapeCheck(bias.shape == [outFeatures], "linear: bias \(bias.shape) for \(outFeatures) outputs") }
        let rows = count / Swift.max(inFeatures, 1)
        let outShape = Array(shape.dropLast()) + [outFeatures]
        let storage = TensorStorage(uninitializedCount: rows * outFeatures)  // bias rows or a β = 0 GEMM
        if let bias {
            for r in 0..<rows { (storage.pointer + r * outFeatures).update(from: bias.pointer, count: outFeatures) }
        }
        sgemm(
            transposeB: true, m: rows, n: outFeatures, k: inFeatures, a: pointer, lda: inFeatures,
            b: weight.pointer, ldb: inFeatures, beta: bias == nil ? 0 : 1, c: storage.pointer, ldc: outFeatures)
        let x = self
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return Tensor.result(outShape, storage, operation: "linear", inputs: inputs) { g in
            var gradX: Tensor?
            var gradW: Tensor?
            if x.requiresGrad {  // dX = dY · W
                let t = Tensor(zeros: x.shape)
                sgemm(
                    m: rows, n: inFeatures, k: outFeatures, a: g.pointer, lda: outFeatures,
                    b: weight.pointer, ldb: inFeatures, c: t.pointer, ldc: inFeatures)
                gradX = t
            }
            if weight.requiresGrad {  // dW = dYᵀ · X
                let t = Tensor(zeros: weight.shape)
                sgemm(
                    transposeA: true, m: outFeatures, n: inFeatures, k: rows, a: g.pointer, lda: outFeatures,
                    b: x.pointer, ldb: inFeatures, c: t.pointer, ldc: inFeatures)
                gradW = t
            }
            let gradB = bias.flatMap { $0.requiresGrad ? g.columnSums(columns: outFeatures) : nil }
            return [gradX, gradW, gradB]
        }
    }

    /// Σ over rows of this tensor viewed as [count / columns, columns].
    func columnSums(columns: Int) -> Tensor {
        let rows = count / columns
        let result = Tensor(zeros: [columns])
        let source = pointer
        let destination = result.pointer
        parallelFor(columns, grain: 64) { range in
            for r in 0..<rows {
                let row = source + r * columns
                for c in range { destination[c] += row[c] }
            }
        }
        return result
    }
}
