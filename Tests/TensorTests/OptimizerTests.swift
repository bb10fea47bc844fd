import Foundation
import Testing

@testable import Tensor

/// Adam, StepLR and gradient clipping against `Fixtures/adam_steplr.safetensors`, written by
/// PyTorch itself (`Fixtures/make_optim_golden.py`), plus hand-computed cases.
@Suite struct OptimizerTests {
    /// The golden comparison tolerance: |a − b| ≤ 1e-6 + 1e-5·|b|.
    private static let atol: Float = 1e-6
    private static let rtol: Float = 1e-5

    @Test func adamWithStepLRMatchesPyTorch() throws {
        let golden = try goldenTensors()
        let p0 = golden["p0_init"]!.copy()
        let p1 = golden["p1_init"]!.copy()
        let adam = Adam(parameters: [p0, p1], learningRate: 0.1, betas: (0.5, 0.999), eps: 1e-8, weightDecay: 1e-2)
        let scheduler = StepLR(optimizer: adam, stepSize: 2, gamma: 0.5)
        for t in 0..<5 {
            adam.zeroGrad()
            p0.grad = row(golden["grads_p0"]!, t)
            // PyTorch skipped p1 where it had no gradient; its own step count then lags p0's.
            p1.grad = golden["p1_has_grad"]!.pointer[t] == 1 ? row(golden["grads_p1"]!, t) : nil
            #expect(adam.learningRate == golden["lr_used"]!.pointer[t], "lr before step \(t + 1)")
            adam.step()
            scheduler.step()
            #expect(adam.learningRate == golden["lr_after"]!.pointer[t], "lr after step \(t + 1)")
            expectClose(p0, row(golden["p0_after"]!, t), rtol: Self.rtol, atol: Self.atol, "p0 after step \(t + 1)")
            expectClose(p1, row(golden["p1_after"]!, t), rtol: Self.rtol, atol: Self.atol, "p1 after step \(t + 1)")
        }
        #expect(scheduler.epoch == 5)
    }

    @Test(arguments: [("big", Float(1)), ("small", Float(100))])
    func clipGradNormMatchesPyTorch(scenario: (name: String, maxNorm: Float)) throws {
        let golden = try goldenTensors()
        let prefix = "clip_\(scenario.name)_"
        let (a, b) = (Tensor(zeros: [3, 3]), Tensor(zeros: [5]))
        a.grad = golden[prefix + "a_in"]!.copy()
        b.grad = golden[prefix + "b_in"]!.copy()
        let unrelated = Tensor(zeros: [2])  // no grad: ignored
        let total = clipGradNorm([a, unrelated, b], maxNorm: scenario.maxNorm)
        let expected = golden[prefix + "total"]!.pointer[0]
        #expect(Swift.abs(total - expected) <= Self.atol + Self.rtol * expected)
        expectClose(a.grad!, golden[prefix + "a_out"]!, rtol: Self.rtol, atol: Self.atol, prefix + "a_out")
        expectClose(b.grad!, golden[prefix + "b_out"]!, rtol: Self.rtol, atol: Self.atol, prefix + "b_out")
        #expect(unrelated.grad == nil)
    }

    @Test func clipGradNormWithoutGradientsReturnsZero() {
        let p = Tensor(zeros: [3])
        #expect(clipGradNorm([p], maxNorm: 1) == 0)
        p.grad = Tensor(zeros: [3])
        #expect(clipGradNorm([p], maxNorm: 1) == 0)
        #expect(p.grad?.values == [0, 0, 0])
    }

    /// At t = 1, m̂ = g and v̂ = g², so each element moves by lr · g / (|g| + eps) ≈ lr · sign(g).
    @Test func adamFirstStepMovesEachElementByTheLearningRate() {
        let p = Tensor(shape: [4], values: [1, -2, 3, 0.5])
        p.grad = Tensor(shape: [4], values: [0.3, -7, 1e-3, -0.25])
        Adam(parameters: [p], learningRate: 0.01).step()
        expectClose(p, Tensor(shape: [4], values: [0.99, -1.99, 2.99, 0.51]), rtol: 1e-6, atol: 1e-6)
    }

    @Test func adamLeavesGradientsAndGradlessParametersAlone() {
        let p = Tensor(shape: [2], values: [1, 2])
        let q = Tensor(shape: [2], values: [3, 4])
        p.grad = Tensor(shape: [2], values: [0.5, -0.5])
        let adam = Adam(parameters: [p, q], learningRate: 0.1, weightDecay: 0.1)
        adam.step()
        #expect(p.grad?.values == [0.5, -0.5], "weight decay must not be written into grad")
        #expect(q.values == [3, 4])
        adam.zeroGrad()
        #expect(p.grad == nil)
        adam.learningRate = 0.5
        #expect(adam.learningRate == 0.5)
    }

    /// Large enough for `parallelFor` to split the update; checked against a serial Double loop.
    @Test func adamOnALargeTensorMatchesTheFormula() {
        var generator = SeededGenerator(seed: 11)
        let count = 100_000
        let p = Tensor.normal([count], generator: &generator)
        let initial = p.values
        let grads = (0..<2).map { _ in Tensor.normal([count], generator: &generator) }
        let adam = Adam(parameters: [p], learningRate: 0.05, betas: (0.8, 0.99), eps: 1e-6, weightDecay: 0.1)
        for g in grads {
            p.grad = g
            adam.step()
        }
        var expected = [Float](repeating: 0, count: count)
        for i in 0..<count {
            var (x, m, v) = (Double(initial[i]), 0.0, 0.0)
            for (t, g) in grads.enumerated() {
                let gi = Double(g.pointer[i]) + 0.1 * x
                m = 0.8 * m + 0.2 * gi
                v = 0.99 * v + 0.01 * gi * gi
                let mHat = m / (1 - pow(0.8, Double(t + 1)))
                let vHat = v / (1 - pow(0.99, Double(t + 1)))
                x -= 0.05 * mHat / (vHat.squareRoot() + 1e-6)
            }
            expected[i] = Float(x)
        }
        expectClose(p, Tensor(shape: [count], values: expected), rtol: 1e-4, atol: 1e-5, "large Adam")
    }

    /// torch's closed form base · γ^⌊epoch / stepSize⌋, epoch = number of step() calls.
    @Test func stepLRDecaysEveryStepSizeEpochs() {
        let adam = Adam(parameters: [Tensor(zeros: [1])], learningRate: 1)
        let scheduler = StepLR(optimizer: adam, stepSize: 3, gamma: 0.1)
        var rates: [Float] = []
        for _ in 0..<7 {
            scheduler.step()
            rates.append(adam.learningRate)
        }
        let expected: [Float] = [1, 1, 0.1, 0.1, 0.1, 0.01, 0.01]
        for (rate, want) in zip(rates, expected) { #expect(Swift.abs(rate - want) <= 1e-7) }
    }

    // MARK: - Helpers

    private func goldenTensors() throws -> [String: Tensor] {
        let url = try #require(
            Bundle.module.url(forResource: "adam_steplr", withExtension: "safetensors", subdirectory: "Fixtures"))
        return try SafetensorsFile.read(contentsOf: url).tensors
    }

    /// Row `index` of a tensor's outermost dimension, as a fresh tensor.
    private func row(_ tensor: Tensor, _ index: Int) -> Tensor {
        let shape = Array(tensor.shape.dropFirst())
        let size = shape.reduce(1, *)
        return Tensor(shape: shape, values: Array(tensor.values[index * size..<(index + 1) * size]))
    }
}
