import Foundation
import Testing

@testable import Tensor

/// A golden fixture written by `Fixtures/make_golden.py` (numpy, float64): inputs, `out`,
/// `grad_out`, and `grad_<input>` = ∂ Σ(out ⊙ grad_out) / ∂ input.
struct Fixture {
    let name: String
    let tensors: [String: Tensor]
    let metadata: [String: String]

    init(_ name: String) throws {
        guard let url = Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures")
        else { throw TensorError.io(path: "Fixtures/\(name).safetensors", reason: "fixture not in the test bundle") }
        let file = try SafetensorsFile.read(contentsOf: url)
        self.name = name
        self.tensors = file.tensors
        self.metadata = file.metadata
    }

    /// The tensor named `key`, as a fresh leaf that requires grad.
    subscript(_ key: String) -> Tensor {
        let leaf = constant(key)
        leaf.requiresGrad = true
        return leaf
    }

    /// The tensor named `key`, as a fresh tensor that takes no gradient.
    func constant(_ key: String) -> Tensor {
        guard let tensor = tensors[key] else { preconditionFailure("fixture \(name) has no tensor '\(key)'") }
        return tensor.copy()
    }

    func int(_ key: String) -> Int {
        guard let value = metadata[key].flatMap(Int.init) else { preconditionFailure("fixture \(name): no integer '\(key)'") }
        return value
    }

    func float(_ key: String) -> Float {
        guard let value = metadata[key].flatMap(Float.init) else { preconditionFailure("fixture \(name): no number '\(key)'") }
        return value
    }

    /// Compares `out` with the reference and, after back-propagating `grad_out`, each input's
    /// gradient with `grad_<name>`, at |a − b| ≤ atol + rtol·|b| (rtol 1e-4, as the issue asks).
    func checkForwardAndGradients(
        _ out: Tensor, inputs: [String: Tensor], rtol: Float = 1e-4, atol: Float = 1e-5,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectClose(out, tensors["out"]!, rtol: rtol, atol: atol, "\(name) out", sourceLocation: sourceLocation)
        guard out.requiresGrad else {
            Issue.record("\(name): output records no gradient", sourceLocation: sourceLocation)
            return
        }
        out.backward(gradient: tensors["grad_out"]!)
        for (key, input) in inputs.sorted(by: { $0.key < $1.key }) {
            guard let expected = tensors["grad_\(key)"] else { continue }
            guard let grad = input.grad else {
                Issue.record("\(name): no gradient reached \(key)", sourceLocation: sourceLocation)
                continue
            }
            expectClose(grad, expected, rtol: rtol, atol: atol, "\(name) grad_\(key)", sourceLocation: sourceLocation)
        }
    }
}
