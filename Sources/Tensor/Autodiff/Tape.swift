/// One recorded operation: its inputs and the rule that maps the output's gradient to theirs.
///
/// The graph of nodes is the tape: each result points at its inputs, and `backward()` replays it
/// in reverse topological order (micrograd's design). A backward rule must not capture its own
/// output tensor (that would be a reference cycle); it captures storage or inputs instead.
final class GradientNode {
    /// The operation's name, for error messages.
    let operation: String
    let inputs: [Tensor]
    /// Gradient of the output → gradient of each input, in `inputs` order (`nil` = none).
    let backward: (Tensor) -> [Tensor?]

    init(operation: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) {
        self.operation = operation
        self.inputs = inputs
        self.backward = backward
    }
}

/// Whether operations record gradients. Off inside `withNoGrad`, for inference.
public enum GradMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording gradients (PyTorch's `torch.no_grad()`).
public func withNoGrad<T>(_ body: () throws -> T) rethrows -> T {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
    /// Builds an operation's result: records `backward` when gradients are on and any input needs one.
    static func result(
        _ shape: [Int], _ storage: TensorStorage, operation: String, inputs: [Tensor],
        backward: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        let records = GradMode.isEnabled && inputs.contains { $0.requiresGrad }
        let node = records ? GradientNode(operation: operation, inputs: inputs, backward: backward) : nil
        return Tensor(shape: shape, storage: storage, gradientNode: node)
    }

    /// Back-propagates from this tensor, accumulating into the `grad` of every leaf that requires one.
    ///
    /// - Parameter gradient: the upstream gradient, of this tensor's shape; omit it for a scalar,
    ///   whose gradient is 1.
    public func backward(gradient: Tensor? = nil) {
        let seed: Tensor
        if let gradient {
            precondition(
                gradient.shape == shape,
                "backward: gradient of shape \(gradient.shape) for a tensor of shape \(shape)")
            seed = gradient
        } else {
            precondition(count == 1, "backward: tensor of shape \(shape) is not a scalar; pass `gradient:`")
            seed = Tensor(repeating: 1, shape: shape)
        }
        guard requiresGrad else {
            preconditionFailure("backward: tensor does not require grad (no input of its graph requires one)")
        }

        // Gradients waiting for their tensor's turn. A rule may return the same tensor for several
        // inputs (add returns its incoming gradient twice), so a pending gradient is copied before
        // the first in-place accumulation into it (`owned` says whether that copy was made).
        var pending: [ObjectIdentifier: (grad: Tensor, owned: Bool)] = [ObjectIdentifier(self): (seed, false)]
        for tensor in topologicalOrder().reversed() {
            guard let outputGrad = pending.removeValue(forKey: ObjectIdentifier(tensor))?.grad else { continue }
            guard let node = tensor.gradientNode else {
                tensor.accumulateGrad(outputGrad)
                continue
            }
            let inputGrads = node.backward(outputGrad)
            for (input, grad) in zip(node.inputs, inputGrads) {
                guard let grad, input.requiresGrad else { continue }
                precondition(
                    grad.shape == input.shape,
                    "backward of \(node.operation): gradient shape \(grad.shape) for input \(input.shape)")
                let key = ObjectIdentifier(input)
                if let (existing, owned) = pending[key] {
                    let sum = owned ? existing : existing.copy()
                    sum.addInPlace(grad)
                    pending[key] = (sum, true)
                } else {
                    pending[key] = (grad, false)
                }
            }
        }
    }

    /// Every tensor this one depends on that requires grad, inputs before outputs (iterative DFS).
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (tensor, expanded) = stack.popLast() {
            if expanded {
                order.append(tensor)
                continue
            }
            guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
            stack.append((tensor, true))
            for input in tensor.gradientNode?.inputs ?? [] where input.requiresGrad {
                if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
            }
        }
        return order
    }

    private func accumulateGrad(_ incoming: Tensor) {
        if let grad {
            grad.addInPlace(incoming)
        } else {
            grad = incoming.copy()
        }
    }

    /// self += other, elementwise, outside autodiff.
    func addInPlace(_ other: Tensor) {
        precondition(other.count == count, "addInPlace: \(other.shape) into \(shape)")
        let destination = pointer
        let source = other.pointer
        parallelFor(count, grain: 1 << 15) { range in
            for i in range { destination[i] += source[i] }
        }
    }
}
