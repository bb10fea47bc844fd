import Testing

@testable import Tensor

/// What a training checkpoint saves beyond the state dict: generator positions, Adam's per-parameter
/// state and every module's random streams; each restored value continues exactly where it was.
@Suite struct ResumableStateTests {
    @Test func generatorContinuesFromItsSavedState() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<7 { _ = generator.next() }
        var copy = try #require(SeededGenerator(savedState: generator.savedState))
        #expect((0..<5).map { _ in generator.next() } == (0..<5).map { _ in copy.next() })
        #expect(SeededGenerator(savedState: [0, 0, 0, 0]) == nil)
        #expect(SeededGenerator(savedState: [1, 2, 3]) == nil)
    }

    @Test func adamRestoredMidRunTakesTheSameSteps() throws {
        func parameters() -> [Tensor] {
            [Tensor(shape: [3], values: [1, -2, 0.5]), Tensor(shape: [2], values: [0.25, 4])]
        }
        func gradients(_ t: Int) -> [Tensor?] {
            [
                Tensor(shape: [3], values: [0.1 * Float(t), -0.3, 0.2]),
                t == 1 ? nil : Tensor(shape: [2], values: [1, -1]),
            ]
        }
        let original = parameters()
        let adam = Adam(parameters: original, learningRate: 0.01, betas: (0.5, 0.999), weightDecay: 1e-2)
        for t in 0..<3 {
            for (p, g) in zip(original, gradients(t)) { p.grad = g }
            adam.step()
        }
        let states = adam.parameterStates()
        #expect(states.map { $0?.updates } == [3, 2])

        let copies = original.map { $0.copy() }
        let restored = Adam(parameters: copies, learningRate: 0.01, betas: (0.5, 0.999), weightDecay: 1e-2)
        try restored.restore(parameterStates: states)
        for t in 3..<6 {
            for (p, g) in zip(original, gradients(t)) { p.grad = g }
            for (p, g) in zip(copies, gradients(t)) { p.grad = g?.copy() }
            adam.step()
            restored.step()
        }
        #expect(original.map(\.values) == copies.map(\.values))
        // The saved copies did not move with the optimiser.
        #expect(states[0]?.updates == 3)

        let wrong = Adam(parameters: [Tensor(zeros: [4]), Tensor(zeros: [2])])
        #expect(throws: TensorError.self) { try wrong.restore(parameterStates: states) }
        #expect(throws: TensorError.self) { try wrong.restore(parameterStates: [nil]) }
    }

    @Test func moduleStreamsAreNamedAndRestored() throws {
        var generator = SeededGenerator(seed: 1)
        let attention = MultiHeadSelfAttention(dim: 8, heads: 2, headDim: 4, dropout: 0.5, generator: &generator)
        let names = attention.namedGenerators().map(\.0)
        #expect(names == ["attention", "to_out.1.mask"])
        let saved = Dictionary(uniqueKeysWithValues: attention.namedGenerators())
        let x = Tensor.uniform([1, 3, 8], low: -1, high: 1, generator: &generator)
        let first = attention(x).values
        #expect(attention(x).values != first, "fresh masks on the second call")
        try attention.load(generators: saved)
        #expect(attention(x).values == first, "the restored streams draw the first masks again")

        #expect(throws: TensorError.self) { try attention.load(generators: ["attention": generator]) }
        var extra = saved
        extra["nope"] = generator
        #expect(throws: TensorError.self) { try attention.load(generators: extra) }
    }
}
