/// Multi-head scaled dot-product self-attention, fused over packed q, k, v.
///
/// Input [B, T, 3·H·d]: along the last axis q, k, v in that order, each H heads of d features
/// with the head as the outer factor (lucidrains ViT's `to_qkv` + `chunk(3)` + rearrange
/// `b n (h d) -> b h n d`). Per batch b and head h:
///   P = softmax(Q Kᵀ / √d) over keys,   P' = dropout(P),   O = P' V,
/// with O written straight into [B, T, H·d] (heads merged, `b h n d -> b n (h d)`).
/// Working on strided views through sgemm's leading dimensions avoids every permute copy.
/// The backward rule uses dV = P'ᵀ dO, dP = dO Vᵀ (masked like P'), dS = P ⊙ (dP − Σ_row dP ⊙ P),
/// dQ = dS K / √d, dK = dSᵀ Q / √d.
extension Tensor {
    public func multiHeadSelfAttention(
        heads: Int, dropout probability: Float = 0, generator: inout SeededGenerator
    ) -> Tensor {
        shapeCheck(rank == 3, "multiHeadSelfAttention: input must be [B, T, 3·heads·dim], got \(shape)")
        shapeCheck(heads > 0 && shape[2] % (3 * heads) == 0, "multiHeadSelfAttention: \(shape[2]) features are not 3 × \(heads) heads")
        shapeCheck(probability >= 0 && probability < 1, "multiHeadSelfAttention: dropout \(probability) not in [0, 1)")
        let (batch, tokens) = (shape[0], shape[1])
        let inner = shape[2] / 3
        let headDim = inner / heads
        let scale = 1 / Float(headDim).squareRoot()
        let stride = 3 * inner
        let square = tokens * tokens

        // Saved for backward: softmax probabilities and (with dropout) the keep mask, per (b, h).
        let probabilities = TensorStorage(uninitializedCount: batch * heads * square)  // written by β = 0 GEMMs
        let keep: UnsafeMutableBufferPointer<UInt8>? =
            probability > 0 ? .allocate(capacity: batch * heads * square) : nil
        let keepScale = 1 / (1 - probability)
        if let keep {
            for i in 0..<keep.count { keep[i] = generator.nextUniform() >= probability ? 1 : 0 }
        }
        let dropped = probability > 0 ? TensorStorage(uninitializedCount: square) : nil  // P' scratch

        let storage = TensorStorage(uninitializedCount: batch * tokens * inner)  // each head fills its columns
        // Three passes over all heads (scores, one softmax, P·V) rather than alternating per head:
        // OpenBLAS's threads spin for a while after each GEMM and would compete with the softmax's.
        for b in 0..<batch {
            for h in 0..<heads {
                let q = pointer + b * tokens * stride + h * headDim
                let p = probabilities.pointer + (b * heads + h) * square
                sgemm(transposeB: true, m: tokens, n: tokens, k: headDim, alpha: scale, a: q, lda: stride, b: q + inner, ldb: stride, c: p, ldc: tokens)
            }
        }
        softmaxRows(probabilities.pointer, rows: batch * heads * tokens, columns: tokens)
        for b in 0..<batch {
            for h in 0..<heads {
                let q = pointer + b * tokens * stride + h * headDim
                let p = probabilities.pointer + (b * heads + h) * square
                var weights = UnsafePointer(p)
                if let keep, let dropped {
                    let mask = keep.baseAddress! + (b * heads + h) * square
                    applyMask(from: p, mask: mask, scale: keepScale, to: dropped.pointer, count: square)
                    weights = UnsafePointer(dropped.pointer)
                }
                sgemm(m: tokens, n: headDim, k: tokens, a: weights, lda: tokens, b: q + 2 * inner, ldb: stride, c: storage.pointer + b * tokens * inner + h * headDim, ldc: inner)
            }
        }

        let qkv = self
        let finalizer = MaskOwner(keep)
        return Tensor.result([batch, tokens, inner], storage, operation: "multiHeadSelfAttention", inputs: [qkv]) { g in
            let gradient = Tensor(zeros: qkv.shape)
            let dP = TensorStorage(uninitializedCount: square)
            for b in 0..<batch {
                for h in 0..<heads {
                    let q = qkv.pointer + b * tokens * stride + h * headDim
                    let dq = gradient.pointer + b * tokens * stride + h * headDim
                    let dOut = g.pointer + b * tokens * inner + h * headDim
                    let p = probabilities.pointer + (b * heads + h) * square
                    var weights = UnsafePointer(p)
                    let mask = finalizer.keep.map { $0.baseAddress! + (b * heads + h) * square }
                    if let mask, let dropped {
                        applyMask(from: p, mask: mask, scale: keepScale, to: dropped.pointer, count: square)
                        weights = UnsafePointer(dropped.pointer)
                    }
                    // dV = P'ᵀ dO
                    sgemm(transposeA: true, m: tokens, n: headDim, k: tokens, a: weights, lda: tokens, b: dOut, ldb: inner, c: dq + 2 * inner, ldc: stride)
                    // dP' = dO Vᵀ, then through dropout and softmax.
                    sgemm(transposeB: true, m: tokens, n: tokens, k: headDim, a: dOut, lda: inner, b: q + 2 * inner, ldb: stride, c: dP.pointer, ldc: tokens)
                    if let mask { applyMask(from: dP.pointer, mask: mask, scale: keepScale, to: dP.pointer, count: square) }
                    softmaxBackwardRows(probabilities: p, gradient: dP.pointer, rows: tokens, columns: tokens)
                    // dQ = dS K / √d, dK = dSᵀ Q / √d
                    sgemm(m: tokens, n: headDim, k: tokens, alpha: scale, a: dP.pointer, lda: tokens, b: q + inner, ldb: stride, c: dq, ldc: stride)
                    sgemm(transposeA: true, m: tokens, n: headDim, k: tokens, alpha: scale, a: dP.pointer, lda: tokens, b: q, ldb: stride, c: dq + inner, ldc: stride)
                }
            }
            return [gradient]
        }
    }
}

/// Frees the dropout mask when the graph that needs it is released.
private final class MaskOwner {
    let keep: UnsafeMutableBufferPointer<UInt8>?
    init(_ keep: UnsafeMutableBufferPointer<UInt8>?) { self.keep = keep }
    deinit { keep?.deallocate() }
}

/// out[i] = value[i] · scale where mask[i] = 1, else 0 (in place allowed).
private func applyMask(
    from value: UnsafePointer<Float>, mask: UnsafePointer<UInt8>, scale: Float, to out: UnsafeMutablePointer<Float>, count: Int
) {
    parallelFor(count, grain: 1 << 16) { range in
        for i in range { out[i] = mask[i] == 0 ? 0 : value[i] * scale }
    }
}
