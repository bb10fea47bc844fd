/// How a loss combines its per-element terms into one scalar.
public enum LossReduction: Sendable {
    /// Σ of the terms.
    case sum
    /// Σ of the terms divided by a count the loss documents.
    case mean
}

/// Regression losses and the total-variation regulariser. Each returns a scalar (shape `[]`) and
/// accumulates its sum in Double, serially, so the value does not depend on `Engine.threadCount`.
extension Tensor {
    /// mean |p − t| over all N elements (PyTorch's `F.l1_loss(p, t)`, reduction 'mean'); shapes
    /// must match exactly (no broadcasting). An empty input gives 0.
    ///
    /// Backward: ∂/∂p = sign(p − t)/N, with sign(0) = 0 (PyTorch's convention). The target is a
    /// constant unless it requires grad, in which case it gets the symmetric −sign(p − t)/N.
    public static func l1Loss(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        meanOfDifferences(prediction, target, operation: "l1Loss", { Swift.abs($0) }, derivative: differenceSign)
    }

    /// mean (p − t)² over all N elements (PyTorch's `F.mse_loss(p, t)`, reduction 'mean'); shapes
    /// must match exactly. An empty input gives 0.
    ///
    /// Backward: ∂/∂p = 2(p − t)/N; the target, when it requires grad, gets −2(p − t)/N.
    public static func mseLoss(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        meanOfDifferences(prediction, target, operation: "mseLoss") { $0 * $0 } derivative: { d in 2 * d }
    }

    /// Anisotropic total variation (Rudin, Osher & Fatemi, 1992) of images whose last two axes are
    /// H and W — `[H, W]`, `[C, H, W]` or `[N, C, H, W]`; every leading axis just indexes images:
    ///
    ///     TV = Σ_images ( Σ_{i<H−1, j} |x[i+1, j] − x[i, j]| + Σ_{i, j<W−1} |x[i, j+1] − x[i, j]| )
    ///
    /// `.sum` returns TV; `.mean` returns TV / `count`, the element count of the input (N·C·H·W),
    /// not the number of differences. In PyTorch, for NCHW x:
    /// `(x[..., 1:, :] - x[..., :-1, :]).abs().sum() + (x[..., :, 1:] - x[..., :, :-1]).abs().sum()`,
    /// divided by `x.numel()` for `.mean`.
    ///
    /// Backward: each difference d = x[a] − x[b] contributes sign(d) to x[a] and −sign(d) to x[b]
    /// (sign(0) = 0), times the upstream gradient (and 1/`count` for `.mean`).
    public func totalVariation(reduction: LossReduction = .sum) -> Tensor {
        shapeCheck(rank >= 2, "totalVariation: shape \(shape) has no H and W axes (rank ≥ 2 needed)")
        let (height, width) = (shape[rank - 2], shape[rank - 1])
        let rows = count == 0 ? 0 : count / width  // image rows, over all images
        let x = pointer  // stays valid in backward: the gradient node keeps its input alive
        // Row r contributes its horizontal differences and the vertical ones down to row r + 1;
        // per-row sums are added up serially afterwards, so the total is thread-count independent.
        let partials = UnsafeMutableBufferPointer<Double>.allocate(capacity: Swift.max(rows, 1))
        defer { partials.deallocate() }
        parallelFor(rows, grain: Swift.max(1, 8_192 / Swift.max(width, 1))) { range in
            for r in range {
                let row = x + r * width
                var total = 0.0
                for j in 0..<(width - 1) { total += Double(Swift.abs(row[j + 1] - row[j])) }
                if r % height < height - 1 {
                    for j in 0..<width { total += Double(Swift.abs(row[j + width] - row[j])) }
                }
                partials[r] = total
            }
        }
        let tv = partials.prefix(rows).reduce(0, +)
        let divisor = reduction == .mean ? Float(Swift.max(count, 1)) : 1
        let storage = TensorStorage(count: 1)
        storage.pointer[0] = Float(tv) / divisor
        return Tensor.result([], storage, operation: "totalVariation", inputs: [self]) { [shape, count] g in
            let scale = g.item / divisor
            let gradient = TensorStorage(count: count)
            let gx = gradient.pointer
            // Gathered per element (each written once): + sign of the differences it ends, − sign
            // of those it starts, along both axes.
            parallelFor(rows, grain: Swift.max(1, 8_192 / Swift.max(width, 1))) { range in
                for r in range {
                    let row = x + r * width
                    let i = r % height
                    for j in 0..<width {
                        var s: Float = 0
                        if i > 0 { s += differenceSign(row[j] - row[j - width]) }
                        if i < height - 1 { s -= differenceSign(row[j + width] - row[j]) }
                        if j > 0 { s += differenceSign(row[j] - row[j - 1]) }
                        if j < width - 1 { s -= differenceSign(row[j + 1] - row[j]) }
                        gx[r * width + j] = s * scale
                    }
                }
            }
            return [Tensor(shape: shape, storage: gradient, gradientNode: nil)]
        }
    }

    /// mean f(pᵢ − tᵢ) with ∂/∂pᵢ = f′(pᵢ − tᵢ)/N and ∂/∂tᵢ = −f′(pᵢ − tᵢ)/N.
    private static func meanOfDifferences(
        _ prediction: Tensor, _ target: Tensor, operation: String,
        _ f: (Float) -> Float, derivative: @escaping (Float) -> Float
    ) -> Tensor {
        shapeCheck(
            prediction.shape == target.shape,
            "\(operation): prediction shape \(prediction.shape) and target shape \(target.shape) differ")
        let n = prediction.count
        let (p, t) = (prediction.pointer, target.pointer)
        var total = 0.0
        for i in 0..<n { total += Double(f(p[i] - t[i])) }
        let scaleBase = 1 / Float(Swift.max(n, 1))
        let storage = TensorStorage(count: 1)
        storage.pointer[0] = Float(total) * scaleBase
        return result([], storage, operation: operation, inputs: [prediction, target]) { g in
            let scale = g.item * scaleBase
            let gradient = TensorStorage(count: n)
            let gp = gradient.pointer
            parallelFor(n, grain: 1 << 14) { range in
                for i in range { gp[i] = derivative(p[i] - t[i]) * scale }
            }
            let predictionGrad = Tensor(shape: prediction.shape, storage: gradient, gradientNode: nil)
            return [
                prediction.requiresGrad ? predictionGrad : nil,
                target.requiresGrad ? withNoGrad { predictionGrad.negated() } : nil,
            ]
        }
    }
}

/// +1, −1 or 0: the derivative of |d| (0 at the kink, as in PyTorch). A free function with a
/// distinctive name so that no `Tensor` member can shadow it inside the extension.
@inline(__always)
private func differenceSign(_ d: Float) -> Float {
    d > 0 ? 1 : (d < 0 ? -1 : 0)
}
