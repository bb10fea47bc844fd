import Testing

@testable import Tensor

@Suite struct ArithmeticTests {
    @Test func broadcastAddMatchesHandComputation() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3], values: [10, 20, 30])
        #expect((a + b).values == [11, 22, 33, 14, 25, 36])
        let c = Tensor(shape: [2, 1], values: [100, 200])
        #expect((a * c).values == [100, 200, 300, 800, 1000, 1200])
        #expect((a - c).shape == [2, 3])
    }

    @Test func perChannelBroadcastOverNCHW() {
        let x = randomTensor([2, 3, 4, 5], seed: 1)
        let s = randomTensor([1, 3, 1, 1], seed: 2)
        let y = x * s
        for n in 0..<2 { for c in 0..<3 { for i in 0..<20 {
            let index = (n * 3 + c) * 20 + i
            #expect(y.pointer[index] == x.pointer[index] * s.pointer[c])
        } } }
    }

    @Test(arguments: [
        ([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [4]), ([2, 3, 4], [3, 1]), ([2, 1, 4], [1, 3, 1]), ([5], []),
    ])
    func binaryGradients(shapes: ([Int], [Int])) {
        let a = randomTensor(shapes.0, seed: 3)
        let b = randomTensor(shapes.1, seed: 4).shifted(by: 3).detached()  // away from 0 for division
        checkGradient(of: [a, b]) { a + b }
        checkGradient(of: [a, b]) { a - b }
        checkGradient(of: [a, b]) { a * b }
        checkGradient(of: [a, b]) { a / b }
    }

    @Test func unaryGradients() {
        let x = randomTensor([3, 7], seed: 5)
        checkGradient(of: [x]) { x.squared() }
        checkGradient(of: [x]) { x.scaled(by: 3).shifted(by: 1) }
        let awayFromKink = Tensor(shape: [6], values: [-2, -0.5, -0.3, 0.3, 0.7, 1.9])
        checkGradient(of: [awayFromKink]) { awayFromKink.abs() }
        let positive = x.abs().shifted(by: 0.5).detached()
        checkGradient(of: [positive]) { positive.squareRoot() }
    }

    @Test func gradientsAccumulateAcrossUsesAndCalls() {
        let x = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        let y = (x * x + x).sum()  // dy/dx = 2x + 1
        y.backward()
        #expect(x.grad?.values == [3, 5])
        (x * 2).sum().backward()
        #expect(x.grad?.values == [5, 7])
    }

    @Test func noGradModeRecordsNothing() {
        let x = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        let y = withNoGrad { x * x }
        #expect(!y.requiresGrad)
    }
}
