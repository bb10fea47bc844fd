import Glibc
import Testing

@testable import Tensor

/// The engine's promise: 1 and 2 threads give the same results to float rounding, forward and
/// backward, for every op family that runs parallel loops.
@Suite struct ThreadingTests {
    /// Leaves that require grad, and the output computed from them.
    typealias Case = (name: String, run: () -> (leaves: [Tensor], output: Tensor))

    static func leaf(_ shape: [Int], seed: UInt64) -> Tensor {
        let t = randomTensor(shape, seed: seed)
        t.requiresGrad = true
        return t
    }

    static var cases: [Case] { [
        ("conv 3×3 (Winograd)", {
            let (x, w) = (leaf([2, 6, 13, 12], seed: 1), leaf([5, 6, 3, 3], seed: 2))
            return ([x, w], x.conv2d(weight: w, padding: 1))
        }),
        ("conv 4×4/2 (im2col)", {
            let (x, w) = (leaf([2, 6, 18, 40], seed: 3), leaf([5, 6, 4, 4], seed: 4))
            return ([x, w], x.padded(1, mode: .reflect).conv2d(weight: w, stride: 2))
        }),
        ("transposed conv", {
            let (x, w) = (leaf([2, 6, 9, 20], seed: 5), leaf([6, 4, 3, 3], seed: 6))
            return ([x, w], x.convTranspose2d(weight: w, stride: 2, padding: 1, outputPadding: 1))
        }),
        ("attention", {
            let x = leaf([2, 37, 24], seed: 7)
            var generator = SeededGenerator(seed: 8)
            return ([x], x.multiHeadSelfAttention(heads: 2, dropout: 0.1, generator: &generator))
        }),
        ("norms and softmax", {
            let x = leaf([3, 4, 10, 11], seed: 9)
            let (mean, variance) = (Tensor(zeros: [4]), Tensor(repeating: 1, shape: [4]))
            let y = x.instanceNorm(unbiased: true) + x.batchNorm(runningMean: mean, runningVariance: variance, training: true)
            return ([x], y.layerNorm().softmax())
        }),
    ] }

    @Test(arguments: 0..<5)
    func oneAndTwoThreadsAgree(index: Int) {
        #expect(Self.cases.count == 5)
        let (name, run) = Self.cases[index]
        let saved = Engine.threadCount
        defer { Engine.threadCount = saved }
        var results: [[Tensor]] = []
        for threads in [1, 2] {
            Engine.threadCount = threads
            let (leaves, output) = run()
            output.backward(gradient: randomTensor(output.shape, seed: 99))
            results.append([output] + leaves.map { $0.grad ?? Tensor(zeros: [0]) })
        }
        for (one, two) in zip(results[0], results[1]) {
            expectClose(two, one, rtol: 1e-5, atol: 1e-6, name)
        }
    }

    /// The engine restarts OpenBLAS's workers with the spin it set in the environment (`Engine.openBLASPool`),
    /// and GEMMs on the restarted pool agree with a plain triple loop in Double.
    @Test func openBLASWorkersTakeTheShortSpin() {
        let (a, b) = (randomTensor([150, 70], seed: 21), randomTensor([70, 130], seed: 22))
        let product = withNoGrad { a.matmul(b) }
        let timeout = getenv("OPENBLAS_THREAD_TIMEOUT").map { String(cString: $0) }
        #expect(timeout != nil)
        #expect(Engine.openBLASThreadTimeout == timeout.flatMap { Int($0) })
        let (x, y) = (a.values, b.values)
        var expected = [Float](repeating: 0, count: 150 * 130)
        for i in 0..<150 {
            for j in 0..<130 {
                var sum = 0.0
                for k in 0..<70 { sum += Double(x[i * 70 + k]) * Double(y[k * 130 + j]) }
                expected[i * 130 + j] = Float(sum)
            }
        }
        expectClose(product, Tensor(shape: [150, 130], values: expected), rtol: 1e-5, atol: 1e-5, "GEMM")
    }
}
