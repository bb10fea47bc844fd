/// Rescales the gradients of `parameters` so that their joint L2 norm is at most `maxNorm`, as
/// PyTorch's `torch.nn.utils.clip_grad_norm_` with `norm_type=2` (torch/nn/utils/clip_grad.py).
///
///     total = √(Σ over every gradient element g²)
///     if maxNorm / (total + 1e-6) < 1:  every g ← g · maxNorm / (total + 1e-6)
///
/// Parameters whose `grad` is `nil` are ignored. The sum is accumulated in Double, serially, so
/// the result does not depend on the thread count. A non-finite total scales gradients by 0 or
/// NaN, as PyTorch does with `error_if_nonfinite=False`; check the returned norm to skip such a step.
///
/// - Returns: the total norm before clipping (0 when no parameter has a gradient).
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    let grads = parameters.compactMap(\.grad)
    var sumOfSquares = 0.0
    for grad in grads {
        let g = grad.pointer
        for i in 0..<grad.count { sumOfSquares += Double(g[i]) * Double(g[i]) }
    }
    let total = sumOfSquares.squareRoot()
    // PyTorch's 1e-6 keeps the coefficient finite when every gradient is zero.
    let coefficient = Double(maxNorm) / (total + 1e-6)
    if !(coefficient >= 1) {
        let scale = Float(coefficient)
        for grad in grads {
            let g = grad.pointer
            parallelFor(grad.count, grain: 1 << 15) { range in
                for i in range { g[i] *= scale }
            }
        }
    }
    return Float(total)
}
