import Testing

@testable import Tensor

@Suite struct ReshapeTests {
    /// 0, 1, 2, … in row-major order, so each element's value is its own flat index.
    func arange(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map(Float.init))
    }

    @Test func reshapeSharesStorageAndInfersOneDimension() {
        let x = arange([2, 3, 4])
        let y = x.reshaped([4, -1])
        #expect(y.shape == [4, 6])
        #expect(y.storage === x.storage)
        #expect(y.values == x.values)
        #expect(x.reshaped([-1]).shape == [24])
        #expect(x.reshaped([2, -1, 3]).shape == [2, 4, 3])
        #expect(Tensor(zeros: [0, 3]).reshaped([-1, 3]).shape == [0, 3])
        #expect(Tensor(scalar: 5).reshaped([1, 1]).shape == [1, 1])
    }

    @Test func flattenMergesAxisRanges() {
        let x = arange([2, 3, 4, 5])
        #expect(x.flattened().shape == [120])
        #expect(x.flattened(from: 1).shape == [2, 60])
        #expect(x.flattened(from: 1, through: 2).shape == [2, 12, 5])
        #expect(x.flattened(from: -2).shape == [2, 3, 20])
        #expect(x.flattened(from: 1).storage === x.storage)
        #expect(Tensor(scalar: 3).flattened().shape == [1])
    }

    @Test(arguments: [[2, 0, 3, 1], [0, 2, 1, 3], [3, 2, 1, 0], [0, 1, 2, 3], [-1, 0, -3, 2]])
    func permuteMatchesIndexFormula(order: [Int]) {
        let shape = [2, 3, 4, 5]
        let resolved = order.map { $0 < 0 ? $0 + 4 : $0 }
        let y = arange(shape).permuted(order)
        #expect(y.shape == resolved.map { shape[$0] })
        // y[j] = x[i] with i[order[k]] = j[k]; x's value at i is i's row-major flat index.
        for flat in 0..<y.count {
            var rest = flat
            var j = [Int](repeating: 0, count: 4)
            for k in stride(from: 3, through: 0, by: -1) {
                j[k] = rest % y.shape[k]
                rest /= y.shape[k]
            }
            var i = [Int](repeating: 0, count: 4)
            for k in 0..<4 { i[resolved[k]] = j[k] }
            let source = ((i[0] * 3 + i[1]) * 4 + i[2]) * 5 + i[3]
            #expect(y.pointer[flat] == Float(source), "y\(j) should be x\(i)")
        }
    }

    /// Large enough that `parallelFor` splits the rows into several chunks.
    @Test func largePermuteMatchesIndexFormula() {
        let shape = [64, 33, 40]
        let y = arange(shape).permuted([2, 0, 1])
        var mismatches = 0
        for a in 0..<40 { for b in 0..<64 { for c in 0..<33 {
            if y.pointer[(a * 64 + b) * 33 + c] != Float((b * 33 + c) * 40 + a) { mismatches += 1 }
        } } }
        #expect(mismatches == 0)
    }

    @Test func transposeOfMatrixAndOfInnerAxes() {
        let m = arange([2, 3]).transposed(0, 1)
        #expect(m.shape == [3, 2])
        #expect(m.values == [0, 3, 1, 4, 2, 5])
        let t = arange([2, 2, 3]).transposed(-1, 1)
        #expect(t.shape == [2, 3, 2])
        #expect(t.values == [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11])
        #expect(Tensor(scalar: 2).permuted([]).values == [2])
    }

    @Test func gradients() {
        let x = randomTensor([2, 3, 4], seed: 11)
        checkGradient(of: [x]) { x.reshaped([4, -1]) }
        checkGradient(of: [x]) { x.flattened(from: 1).squared() }
        // [2, 0, 1]'s inverse is [1, 2, 0]: a backward using the order itself would fail here.
        checkGradient(of: [x]) { x.permuted([2, 0, 1]) }
        checkGradient(of: [x]) { x.permuted([1, 0, 2]) }
        checkGradient(of: [x]) { x.transposed(0, 2) }
        // Two views of one input: the shared-storage gradient must not be accumulated into in place.
        checkGradient(of: [x]) { x.reshaped([6, 4]) * x.permuted([1, 0, 2]).reshaped([6, 4]) }
    }

    @Test func reshapedGradientReachesTheLeafUnchanged() {
        let x = Tensor(shape: [2, 2], values: [1, 2, 3, 4], requiresGrad: true)
        let y = x.reshaped([4])
        (y * y).sum().backward()
        #expect(x.grad?.shape == [2, 2])
        #expect(x.grad?.values == [2, 4, 6, 8])
    }
}
