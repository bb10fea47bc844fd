#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam (Kingma & Ba, 2015), step for step as PyTorch's `torch.optim.Adam` with `amsgrad=False`,
/// `maximize=False` (torch/optim/adam.py, `_single_tensor_adam`).
///
/// For each parameter p with gradient g, at its t-th update:
///
///     g ← g + weightDecay · p                    (coupled L2, as in Adam; not AdamW's decoupled decay)
///     m ← β1 · m + (1 − β1) · g
///     v ← β2 · v + (1 − β2) · g²
///     p ← p − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
///
/// that is p −= lr · m̂ / (√v̂ + eps) with m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ). The bias corrections
/// are computed in Double, as PyTorch computes them in Python floats; moments are Float32.
///
/// Like PyTorch, each parameter counts its own updates (t): a parameter whose `grad` is `nil`
/// is skipped, moments and count untouched. When every parameter has a gradient at every step,
/// t is simply the number of `step()` calls. The weight-decay term is added to a local copy, so
/// `grad` itself is not modified.
public final class Adam: Optimizer {
    /// The tensors updated in place, in the order given.
    public let parameters: [Tensor]
    /// The step size lr; schedulers change it between steps.
    public var learningRate: Float
    /// (β1, β2): decay rates of the first and second moment averages.
    public let betas: (Float, Float)
    /// Added to √v̂ in the denominator, for stability where v̂ ≈ 0.
    public let eps: Float
    /// Coefficient of the L2 term added to the gradient (PyTorch's `weight_decay`).
    public let weightDecay: Float

    /// Per-parameter state, created on a parameter's first update (PyTorch's `state[p]`).
    private struct State {
        var updates = 0
        let firstMoment: Tensor
        let secondMoment: Tensor
    }
    private var states: [State?]

    /// An Adam optimiser over `parameters`; the defaults are PyTorch's.
    public init(
        parameters: [Tensor], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
        weightDecay: Float = 0
    ) {
        // The same checks as torch.optim.Adam.__init__; breaking one is a programming error.
        precondition(learningRate >= 0, "Adam: invalid learning rate \(learningRate)")
        precondition((0..<1).contains(betas.0), "Adam: invalid β1 \(betas.0), must be in [0, 1)")
        precondition((0..<1).contains(betas.1), "Adam: invalid β2 \(betas.1), must be in [0, 1)")
        precondition(eps >= 0, "Adam: invalid eps \(eps)")
        precondition(weightDecay >= 0, "Adam: invalid weight decay \(weightDecay)")
        // A tensor listed twice would be updated twice per step.
        precondition(
            Set(parameters.map(ObjectIdentifier.init)).count == parameters.count,
            "Adam: a parameter appears more than once")
        self.parameters = parameters
        self.learningRate = learningRate
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.states = Array(repeating: nil, count: parameters.count)
    }

    /// Updates every parameter whose `grad` is set; parameters with `nil` grad are skipped.
    public func step() {
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            precondition(
                grad.count == parameter.count,
                "Adam.step: gradient of shape \(grad.shape) for parameter \(index) of shape \(parameter.shape)")
            var state =
                states[index]
                ?? State(
                    firstMoment: Tensor(zeros: parameter.shape), secondMoment: Tensor(zeros: parameter.shape))
            state.updates += 1
            update(parameter, grad: grad, state: state)
            states[index] = state
        }
    }

    /// Drops every parameter's gradient (`grad = nil`), PyTorch's `zero_grad(set_to_none=True)`.
    public func zeroGrad() {
        for parameter in parameters { parameter.grad = nil }
    }

    // MARK: - Checkpoints

    /// One parameter's state as saved in a checkpoint (PyTorch's `state[p]`: `step`, `exp_avg`,
    /// `exp_avg_sq`).
    public struct ParameterState {
        /// Updates so far (t).
        public var updates: Int
        /// m, the first-moment average, shaped like the parameter.
        public var firstMoment: Tensor
        /// v, the second-moment average, shaped like the parameter.
        public var secondMoment: Tensor

        public init(updates: Int, firstMoment: Tensor, secondMoment: Tensor) {
            self.updates = updates
            self.firstMoment = firstMoment
            self.secondMoment = secondMoment
        }
    }

    /// Each parameter's state, in `parameters` order, as copies; nil for a parameter not yet updated.
    public func parameterStates() -> [ParameterState?] {
        states.map { state in
            state.map {
                ParameterState(
                    updates: $0.updates, firstMoment: $0.firstMoment.copy(), secondMoment: $0.secondMoment.copy())
            }
        }
    }

    /// Replaces every parameter's state by a copy of `saved` (from `parameterStates()`), so that the
    /// next `step()` is the one the saving optimiser would have taken.
    ///
    /// - Throws: `TensorError.stateDictMismatch` listing each problem (a count, shape or update count that
    ///   does not fit); then nothing is changed.
    public func restore(parameterStates saved: [ParameterState?]) throws {
        var problems: [String] = []
        if saved.count != parameters.count {
            problems.append("\(saved.count) parameter states for \(parameters.count) parameters")
        } else {
            for (index, (parameter, state)) in zip(parameters, saved).enumerated() {
                guard let state else { continue }
                if state.firstMoment.shape != parameter.shape || state.secondMoment.shape != parameter.shape {
                    problems.append(
                        "parameter \(index) has shape \(parameter.shape), its moments \(state.firstMoment.shape) "
                            + "and \(state.secondMoment.shape)")
                }
                if state.updates < 1 { problems.append("parameter \(index) has \(state.updates) updates") }
            }
        }
        guard problems.isEmpty else { throw TensorError.stateDictMismatch(problems: problems) }
        states = saved.map { saved in
            saved.map { State(updates: $0.updates, firstMoment: $0.firstMoment.copy(), secondMoment: $0.secondMoment.copy()) }
        }
    }

    private func update(_ parameter: Tensor, grad: Tensor, state: State) {
        let (beta1, beta2) = betas
        let t = Double(state.updates)
        let biasCorrection1 = 1 - pow(Double(beta1), t)
        let biasCorrection2Root = Float((1 - pow(Double(beta2), t)).squareRoot())
        let stepSize = Float(Double(learningRate) / biasCorrection1)
        let (eps, weightDecay) = (eps, weightDecay)
        let p = parameter.pointer
        let g = grad.pointer
        let m = state.firstMoment.pointer
        let v = state.secondMoment.pointer
        // Elements are independent, so chunks can run on any thread with identical results.
        parallelFor(parameter.count, grain: 1 << 14) { range in
            for i in range {
                let gi = g[i] + weightDecay * p[i]
                m[i] = beta1 * m[i] + (1 - beta1) * gi
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                p[i] -= stepSize * m[i] / (v[i].squareRoot() / biasCorrection2Root + eps)
            }
        }
    }
}
