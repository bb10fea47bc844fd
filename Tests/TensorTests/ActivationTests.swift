import Testing

@testable import Tensor

@Suite struct ActivationTests {
    @Test func geluMatchesReference() throws {
        let fixture = try Fixture("gelu")
        let x = fixture["x"]
        fixture.checkForwardAndGradients(x.gelu(), inputs: ["x": x])
    }

    @Test func valuesAtKnownPoints() {
        let x = Tensor(shape: [5], values: [-2, -0.5, 0, 0.5, 2])
        #expect(x.relu().values == [0, 0, 0, 0.5, 2])
        let s = x.sigmoid().values
        #expect(Swift.abs(s[2] - 0.5) < 1e-7)
        #expect(Swift.abs(s[4] - 0.880797077977882) < 1e-6)
        let t = x.tanh().values
        #expect(Swift.abs(t[0] + 0.964027580075817) < 1e-6)
        let extreme = Tensor(shape: [2], values: [-100, 100]).sigmoid().values
        #expect(extreme[0] >= 0 && extreme[0] < 1e-30 && extreme[1] == 1)
    }

    @Test func gradients() {
        let x = Tensor(shape: [8], values: [-3, -1.2, -0.4, -0.1, 0.15, 0.6, 1.3, 2.8])
        checkGradient(of: [x]) { x.relu() }
        checkGradient(of: [x]) { x.gelu() }
        checkGradient(of: [x]) { x.tanh() }
        checkGradient(of: [x]) { x.sigmoid() }
        checkGradient(of: [x]) { x.exp() }
        let positive = Tensor(shape: [5], values: [0.4, 0.7, 1, 2.5, 7])
        checkGradient(of: [positive]) { positive.log() }
    }

    @Test func expAndLogAreInverse() {
        let x = Tensor(shape: [4], values: [-2, 0, 0.7, 3])
        #expect(Swift.abs(x.exp().values[2] - 2.0137527) < 1e-6)
        for (a, b) in zip(x.exp().log().values, x.values) { #expect(Swift.abs(a - b) < 1e-6) }
    }
}
