#if canImport(Glibc)
import Glibc
#endif

/// Pointwise activations. Each keeps its forward formula and derivative side by side.
extension Tensor {
    /// max(x, 0); derivative 0 at x = 0 (PyTorch).
    public func relu() -> Tensor {
        map(operation: "relu") { max($0, 0) } derivative: { x, _ in x > 0 ? 1 : 0 }
    }

    /// GELU in its exact form, x·Φ(x) = ½x(1 + erf(x/√2)) (PyTorch's default, `approximate='none'`).
    /// Derivative Φ(x) + x·φ(x) with φ the standard normal density.
    public func gelu() -> Tensor {
        map(operation: "gelu") { x in
            0.5 * x * (1 + erff(x * Float(0.5.squareRoot())))
        } derivative: { x, _ in
            let cdf = 0.5 * (1 + erff(x * Float(0.5.squareRoot())))
            let pdf = expf(-0.5 * x * x) * Float(1 / (2 * Double.pi).squareRoot())
            return cdf + x * pdf
        }
    }

    /// tanh(x); derivative 1 − y².
    public func tanh() -> Tensor {
        map(operation: "tanh") { tanhf($0) } derivative: { _, y in 1 - y * y }
    }

    /// 1/(1 + e^(−x)); derivative y(1 − y).
    public func sigmoid() -> Tensor {
        map(operation: "sigmoid") { x in
            // Split by sign so that neither branch overflows expf.
            x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x))
        } derivative: { _, y in y * (1 - y) }
    }

    /// eˣ; derivative y.
    public func exp() -> Tensor {
        map(operation: "exp") { expf($0) } derivative: { _, y in y }
    }

    /// ln x (x > 0; −∞ at 0, NaN below); derivative 1/x.
    public func log() -> Tensor {
        map(operation: "log") { logf($0) } derivative: { x, _ in 1 / x }
    }
}
