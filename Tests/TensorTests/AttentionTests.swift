import Testing

@testable import Tensor

@Suite struct AttentionTests {
    @Test func matchesReference() throws {
        let fixture = try Fixture("attention")
        let (x, wQKV, wOut, bOut) = (fixture["x"], fixture["w_qkv"], fixture["w_out"], fixture["b_out"])
        var generator = SeededGenerator(seed: 0)
        let attended = x.linear(weight: wQKV).multiHeadSelfAttention(heads: fixture.int("heads"), generator: &generator)
        let out = attended.linear(weight: wOut, bias: bOut)
        fixture.checkForwardAndGradients(out, inputs: ["x": x, "w_qkv": wQKV, "w_out": wOut, "b_out": bOut])
    }

    @Test func gradients() {
        let qkv = randomTensor([2, 5, 12], seed: 1)
        var generator = SeededGenerator(seed: 1)
        checkGradient(of: [qkv]) { qkv.multiHeadSelfAttention(heads: 2, generator: &generator) }
    }

    /// With dropout, the gradient must flow through the same mask as the forward pass: the check
    /// replays the forward with a fresh generator of the same seed each time.
    @Test func dropoutGradients() {
        let qkv = randomTensor([1, 6, 6], seed: 2)
        checkGradient(of: [qkv]) {
            var generator = SeededGenerator(seed: 3)
            return qkv.multiHeadSelfAttention(heads: 1, dropout: 0.3, generator: &generator)
        }
    }

    @Test func linearAndMatmulGradients() {
        let x = randomTensor([2, 3, 4], seed: 4)
        let w = randomTensor([5, 4], seed: 5)
        let b = randomTensor([5], seed: 6)
        checkGradient(of: [x, w, b]) { x.linear(weight: w, bias: b) }
        let m = randomTensor([4, 3], seed: 7)
        checkGradient(of: [x, m]) { x.matmul(m) }
        let batched = randomTensor([2, 4, 2], seed: 8)
        checkGradient(of: [x, batched]) { x.matmul(batched) }
    }

    @Test func matmulMatchesHandComputation() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], values: [7, 8, 9, 10, 11, 12])
        #expect(a.matmul(b).values == [58, 64, 139, 154])
    }
}
