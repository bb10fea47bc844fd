import Foundation
import Testing

@testable import Tensor

@Suite struct SoftmaxTests {
    /// softmax along `axis`, computed in Double from the Float inputs.
    func reference(_ x: Tensor, axis: Int) -> Tensor {
        let axis = axis < 0 ? axis + x.rank : axis
        let outer = x.shape[..<axis].reduce(1, *)
        let extent = x.shape[axis]
        let inner = x.shape[(axis + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: x.count)
        for o in 0..<outer {
            for i in 0..<inner {
                let indices = (0..<extent).map { (o * extent + $0) * inner + i }
                let exps = indices.map { Foundation.exp(Double(x.pointer[$0])) }
                let total = exps.reduce(0, +)
                for (index, e) in zip(indices, exps) { out[index] = Float(e / total) }
            }
        }
        return Tensor(shape: x.shape, values: out)
    }

    @Test(arguments: [([4, 7], -1), ([2, 5, 3], 1), ([3, 4], 0), ([2, 3, 4], 2), ([6], 0), ([300, 50], -1), ([4, 64, 40], 1)])
    func forwardMatchesDoubleReference(shape: [Int], axis: Int) {
        let x = randomTensor(shape, seed: 40, scale: 3)
        let y = x.softmax(axis: axis)
        expectClose(y, reference(x, axis: axis), rtol: 1e-5, atol: 1e-7, "softmax axis \(axis)")
        let sums = y.sum(axis: axis)
        expectClose(sums, Tensor(repeating: 1, shape: sums.shape), rtol: 0, atol: 1e-6, "row sums")
    }

    @Test func largeLogitsDoNotOverflow() {
        let big = Tensor(shape: [2, 3], values: [1000, 1001, 1002, -1000, -1001, -1002]).softmax()
        let small = Tensor(shape: [2, 3], values: [0, 1, 2, 0, -1, -2]).softmax()
        #expect(big.values.allSatisfy { $0.isFinite })
        expectClose(big, small, rtol: 1e-6, atol: 1e-7, "shift invariance")
        let e = [1, Foundation.exp(1.0), Foundation.exp(2.0)]
        let expected = e.map { Float($0 / e.reduce(0, +)) }
        expectClose(small.sliced(axis: 0, range: 0..<1), Tensor(shape: [1, 3], values: expected), "by hand")
    }

    @Test(arguments: [([3, 6], -1), ([2, 4, 3], 1), ([4, 3], 0)])
    func gradients(shape: [Int], axis: Int) {
        let x = randomTensor(shape, seed: 41)
        checkGradient(of: [x]) { x.softmax(axis: axis) }
    }
}
