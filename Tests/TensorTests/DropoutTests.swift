import Testing

@testable import Tensor

@Suite struct DropoutTests {
    /// Uniform in [1, 2): no element is 0 by chance, so zeros in the output are dropped elements.
    func input(_ count: Int) -> Tensor {
        var generator = SeededGenerator(seed: 70)
        return Tensor.uniform([count], low: 1, high: 2, generator: &generator)
    }

    @Test func sameSeedGivesSameMask() {
        let x = input(1_000)
        var first = SeededGenerator(seed: 9)
        var second = SeededGenerator(seed: 9)
        var other = SeededGenerator(seed: 10)
        let a = x.dropout(probability: 0.5, generator: &first)
        #expect(a.values == x.dropout(probability: 0.5, generator: &second).values)
        #expect(a.values != x.dropout(probability: 0.5, generator: &other).values)
        // Exactly one draw per element: the generator ends where 1000 uniform draws end.
        var reference = SeededGenerator(seed: 9)
        for _ in 0..<1_000 { _ = reference.nextUniform() }
        #expect(first.next() == reference.next())
    }

    @Test(arguments: [Float(0.1), 0.3, 0.5, 0.9])
    func keptFractionAndScale(p: Float) {
        let n = 10_000
        let x = input(n)
        var generator = SeededGenerator(seed: 71)
        let y = x.dropout(probability: p, generator: &generator)
        let scale = 1 / (1 - p)
        var kept = 0
        for i in 0..<n where y.pointer[i] != 0 {
            kept += 1
            #expect(y.pointer[i] == x.pointer[i] * scale, "element \(i) must be scaled by exactly 1/(1 − p)")
        }
        // Binomial(n, 1 − p): within 3σ of its mean.
        let mean = Double(n) * Double(1 - p)
        let sigma = (Double(n) * Double(p) * Double(1 - p)).squareRoot()
        #expect(Swift.abs(Double(kept) - mean) <= 3 * sigma, "kept \(kept) of \(n) at p = \(p)")
    }

    @Test func edgeProbabilities() {
        let x = input(100)
        var generator = SeededGenerator(seed: 72)
        #expect(x.dropout(probability: 0, generator: &generator) === x)
        x.requiresGrad = true
        let zeros = x.dropout(probability: 1, generator: &generator)
        #expect(zeros.values == [Float](repeating: 0, count: 100))
        zeros.sum().backward()
        #expect(x.grad?.values == [Float](repeating: 0, count: 100))
        var untouched = SeededGenerator(seed: 72)
        #expect(generator.next() == untouched.next())  // neither edge case drew a number
    }

    @Test func backwardUsesTheSameMask() {
        let x = input(100_000)  // several parallel chunks
        x.requiresGrad = true
        var generator = SeededGenerator(seed: 73)
        let y = x.dropout(probability: 0.4, generator: &generator)
        y.sum().backward()
        let grad = x.grad!
        var mismatches = 0
        for i in 0..<x.count where grad.pointer[i] != (y.pointer[i] == 0 ? 0 : 1 / Float(0.6)) { mismatches += 1 }
        #expect(mismatches == 0)
        let z = randomTensor([4, 6], seed: 74)
        checkGradient(of: [z]) {
            var generator = SeededGenerator(seed: 75)  // a fresh generator: the same mask on every call
            return z.dropout(probability: 0.3, generator: &generator)
        }
    }
}
