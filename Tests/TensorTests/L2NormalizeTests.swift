import Testing

@testable import Tensor

@Suite struct L2NormalizeTests {
    @Test func forwardMatchesHandComputation() {
        let rows = Tensor(shape: [3, 2], values: [3, 4, 0, 0, -1, 0]).l2Normalized()
        #expect(rows.values == [0.6, 0.8, 0, 0, -1, 0])  // the zero row stays 0 (clamped by ε)
        let columns = Tensor(shape: [2, 2], values: [3, 1, 4, 0]).l2Normalized(axis: 0)
        #expect(columns.values == [0.6, 1, 0.8, 0])
        // Clamped: ‖x‖ ≈ 0.224 < ε = 1, so y = x / 1.
        let small = Tensor(shape: [2], values: [0.1, 0.2]).l2Normalized(epsilon: 1)
        #expect(small.values == [0.1, 0.2])
    }

    /// [2, 4, 3] is small; [8, 64, 40] is large enough to run the fibres in several chunks.
    @Test(arguments: [[2, 4, 3], [8, 64, 40]])
    func middleAxisMatchesDoubleReference(shape: [Int]) {
        let (outer, extent, inner) = (shape[0], shape[1], shape[2])
        let x = randomTensor(shape, seed: 60)
        let y = x.l2Normalized(axis: 1)
        var expected = [Float](repeating: 0, count: x.count)
        for n in 0..<outer {
            for w in 0..<inner {
                let indices = (0..<extent).map { (n * extent + $0) * inner + w }
                let norm = indices.map { Double(x.pointer[$0]) * Double(x.pointer[$0]) }.reduce(0, +).squareRoot()
                for i in indices { expected[i] = Float(Double(x.pointer[i]) / norm) }
            }
        }
        expectClose(y, Tensor(shape: x.shape, values: expected), rtol: 1e-6, atol: 1e-7, "axis 1")
    }

    @Test func backwardMatchesHandComputationInBothBranches() {
        // ‖(3, 4)‖ = 5 ≥ ε: (g − y Σ g y) / 5 with g = 1: ((1, 1) − (0.6, 0.8) · 1.4) / 5.
        let x = Tensor(shape: [2], values: [3, 4], requiresGrad: true)
        x.l2Normalized().sum().backward()
        expectClose(x.grad!, Tensor(shape: [2], values: [0.032, -0.024]), rtol: 1e-5, atol: 1e-7, "unclamped")
        // Clamped: the denominator is the constant ε = 2, so the gradient is g / 2.
        let small = Tensor(shape: [2], values: [0.1, 0.2], requiresGrad: true)
        small.l2Normalized(epsilon: 2).sum().backward()
        #expect(small.grad?.values == [0.5, 0.5])
    }

    @Test func gradients() {
        let x = randomTensor([3, 5], seed: 61)
        checkGradient(of: [x]) { x.l2Normalized() }
        let y = randomTensor([2, 4, 3], seed: 62)
        checkGradient(of: [y]) { y.l2Normalized(axis: 1) }
        checkGradient(of: [y]) { y.l2Normalized(axis: 0) }
        // Every row's norm ≈ 0.2, well under ε = 1 even after ±0.01 steps: the clamped branch.
        let small = randomTensor([3, 4], seed: 63, scale: 0.1)
        checkGradient(of: [small]) { small.l2Normalized(epsilon: 1) }
        // One clamped row (‖·‖ ≈ 0.24) and one not (‖·‖ ≈ 2.7) in the same call.
        let mixed = Tensor(shape: [2, 3], values: [0.1, 0.2, -0.1, 2, -1, 1.5])
        checkGradient(of: [mixed]) { mixed.l2Normalized(epsilon: 1) }
    }
}
