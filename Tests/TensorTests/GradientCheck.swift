import Testing

@testable import Tensor

/// Central finite-difference gradient check (Caffe's `GradientChecker`, in our words).
///
/// For a function f of some leaf tensors, compares the analytic gradient of
/// L = Σ f(inputs) ⊙ w (w a fixed random weighting, so every output element matters) with
/// (L(x + h) − L(x − h)) / 2h, element by element, accumulating L in Double. An element passes
/// when |analytic − numeric| ≤ tolerance · max(1, |analytic|, |numeric|) (scale floored at 1).
/// Inputs are Float32, so h = 1e-2 and tolerance 1e-2 are the usual pair; avoid kinks (ReLU at 0).
func checkGradient(
    of inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 1e-2, seed: UInt64 = 7,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: () -> Tensor
) {
    for input in inputs {
        input.requiresGrad = true
        input.grad = nil
    }
    let output = f()
    var generator = SeededGenerator(seed: seed)
    let weights = Tensor.normal(output.shape, generator: &generator)
    output.backward(gradient: weights)

    func loss() -> Double {
        let y = withNoGrad(f)
        var total = 0.0
        for i in 0..<y.count { total += Double(y.pointer[i]) * Double(weights.pointer[i]) }
        return total
    }
    for (index, input) in inputs.enumerated() {
        guard let analytic = input.grad else {
            Issue.record("input \(index) received no gradient", sourceLocation: sourceLocation)
            continue
        }
        var failures = 0
        for i in 0..<input.count {
            let saved = input.pointer[i]
            input.pointer[i] = saved + step
            let plus = loss()
            input.pointer[i] = saved - step
            let minus = loss()
            input.pointer[i] = saved
            let numeric = Float((plus - minus) / Double(2 * step))
            let a = analytic.pointer[i]
            let scale = max(1, Swift.abs(a), Swift.abs(numeric))
            if Swift.abs(a - numeric) > tolerance * scale {
                failures += 1
                if failures <= 3 {
                    Issue.record(
                        "input \(index) \(input.shape) element \(i): analytic \(a), numeric \(numeric)",
                        sourceLocation: sourceLocation)
                }
            }
        }
    }
}

/// Elementwise comparison |actual − expected| ≤ atol + rtol·|expected|, reporting the worst element.
func expectClose(
    _ actual: Tensor, _ expected: Tensor, rtol: Float = 1e-4, atol: Float = 1e-5, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.shape == expected.shape else {
        Issue.record("\(what): shape \(actual.shape), expected \(expected.shape)", sourceLocation: sourceLocation)
        return
    }
    var worst = (index: -1, excess: Float(0))
    for i in 0..<actual.count {
        let a = actual.pointer[i]
        let e = expected.pointer[i]
        let excess = Swift.abs(a - e) - (atol + rtol * Swift.abs(e))
        if !(excess <= 0), excess.isNaN || excess > worst.excess || worst.index < 0 {
            worst = (i, excess.isNaN ? .infinity : excess)
        }
    }
    if worst.index >= 0 {
        let i = worst.index
        Issue.record(
            "\(what) \(actual.shape): element \(i) is \(actual.pointer[i]), expected \(expected.pointer[i])",
            sourceLocation: sourceLocation)
    }
}

/// A tensor of seeded N(0, 1) values.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.normal(shape, std: scale, generator: &generator)
}
