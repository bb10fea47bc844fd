import Testing

@testable import Tensor

@Suite struct ConcatenateTests {
    func arange(_ shape: [Int], from start: Float = 0) -> Tensor {
        Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { start + Float($0) })
    }

    @Test func concatenateMatchesHandComputation() {
        let a = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 1], values: [5, 6])
        let c = Tensor(shape: [1, 2], values: [7, 8])
        let columns = Tensor.concatenate([a, b], axis: 1)
        #expect(columns.shape == [2, 3])
        #expect(columns.values == [1, 2, 5, 3, 4, 6])
        let rows = Tensor.concatenate([a, c], axis: -2)
        #expect(rows.shape == [3, 2])
        #expect(rows.values == [1, 2, 3, 4, 7, 8])
        let middle = Tensor.concatenate([arange([2, 1, 2]), arange([2, 2, 2], from: 10)], axis: 1)
        #expect(middle.shape == [2, 3, 2])
        #expect(middle.values == [0, 1, 10, 11, 12, 13, 2, 3, 14, 15, 16, 17])
        #expect(Tensor.concatenate([a, Tensor(zeros: [2, 0])], axis: 1).values == a.values)
    }

    /// Large enough that `copySlab` splits the rows into several chunks.
    @Test func largeConcatenateAndSliceRoundTrip() {
        let a = arange([512, 100])
        let b = arange([512, 30], from: -20_000)
        let joined = Tensor.concatenate([a, b], axis: 1)
        var mismatches = 0
        for r in 0..<512 {
            for c in 0..<130 {
                let expected = c < 100 ? a.pointer[r * 100 + c] : b.pointer[r * 30 + c - 100]
                if joined.pointer[r * 130 + c] != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(joined.sliced(axis: 1, range: 100..<130).values == b.values)
    }

    @Test func slicedMatchesHandComputation() {
        let x = arange([3, 5])
        let s = x.sliced(axis: 1, range: 1..<4)
        #expect(s.shape == [3, 3])
        #expect(s.values == [1, 2, 3, 6, 7, 8, 11, 12, 13])
        #expect(x.sliced(axis: 0, range: 2..<3).values == [10, 11, 12, 13, 14])
        #expect(x.sliced(axis: -1, range: 2..<2).shape == [3, 0])
    }

    @Test func splitAndChunkCutConsecutivePieces() {
        let x = arange([2, 5, 3])
        let parts = x.split(sizes: [1, 3, 1], axis: 1)
        #expect(parts.map(\.shape) == [[2, 1, 3], [2, 3, 3], [2, 1, 3]])
        #expect(parts[1].values == x.sliced(axis: 1, range: 1..<4).values)
        #expect(Tensor.concatenate(parts, axis: 1).values == x.values)
        // torch.chunk sizes: ⌈extent / count⌉ each, the last one shorter, possibly fewer pieces.
        func chunkExtents(_ extent: Int, _ count: Int) -> [Int] {
            arange([3, extent]).chunked(count, axis: -1).map { $0.shape[1] }
        }
        #expect(chunkExtents(6, 2) == [3, 3])
        #expect(chunkExtents(5, 4) == [2, 2, 1])
        #expect(chunkExtents(6, 4) == [2, 2, 2])
        #expect(chunkExtents(7, 3) == [3, 3, 1])
        #expect(chunkExtents(2, 5) == [1, 1])
        #expect(arange([4, 2]).chunked(2, axis: 0)[1].values == [4, 5, 6, 7])
    }

    @Test(arguments: [0, 1, 2, -1])
    func concatenateGradients(axis: Int) {
        var shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]]
        for (k, extent) in [1, 2, 3].enumerated() { shapes[k][(axis + 3) % 3] = extent }
        let inputs = shapes.enumerated().map { randomTensor($0.element, seed: UInt64(20 + $0.offset)) }
        checkGradient(of: inputs) { Tensor.concatenate(inputs, axis: axis) }
    }

    @Test func sliceSplitAndChunkGradients() {
        let x = randomTensor([2, 5, 3], seed: 30)
        checkGradient(of: [x]) { x.sliced(axis: 1, range: 1..<4) }
        checkGradient(of: [x]) { x.sliced(axis: 2, range: 0..<2).squared() }
        checkGradient(of: [x]) {
            let parts = x.split(sizes: [2, 0, 3], axis: 1)
            return Tensor.concatenate([parts[2].scaled(by: 3), parts[0]], axis: 1)
        }
        checkGradient(of: [x]) {
            let parts = x.chunked(2, axis: 1)  // extents 3 and 2
            return Tensor.concatenate([parts[1], parts[0].squared()], axis: 1)
        }
    }

    @Test func constantInputsGetNoGradient() {
        let a = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        let b = Tensor(shape: [3], values: [3, 4, 5])
        let y = Tensor.concatenate([a, b], axis: 0)
        y.backward(gradient: Tensor(shape: [5], values: [10, 20, 30, 40, 50]))
        #expect(a.grad?.values == [10, 20])
        #expect(b.grad == nil)
    }
}
