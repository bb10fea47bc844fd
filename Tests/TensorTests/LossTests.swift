import Testing

@testable import Tensor

@Suite struct LossTests {
    /// Distinct multiples of 0.1 in seeded random order: any two elements differ by at least 0.1,
    /// so no difference comes near the |·| kink under the gradient check's ±0.01 steps.
    func separatedValues(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let count = shape.reduce(1, *)
        let order = Array(0..<count).shuffled(using: &generator)
        return Tensor(shape: shape, values: order.map { Float($0) * 0.1 - Float(count) * 0.05 })
    }

    /// `base` + offsets of magnitude in [0.1, 1.1) and random sign: every difference is ≥ 0.1 away from 0.
    func awayFrom(_ base: Tensor, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let values = base.values.map { v -> Float in
            let magnitude = 0.1 + generator.nextUniform()
            return generator.nextUniform() < 0.5 ? v - magnitude : v + magnitude
        }
        return Tensor(shape: base.shape, values: values)
    }

    @Test func l1AndMSEMatchHandComputation() {
        let p = Tensor(shape: [2, 2], values: [1, -2, 3, 0.5], requiresGrad: true)
        let t = Tensor(shape: [2, 2], values: [0, 1, 3.5, 0.5])
        let l1 = Tensor.l1Loss(p, t)
        #expect(l1.shape == [])
        #expect(l1.item == 1.125)  // (1 + 3 + 0.5 + 0) / 4
        #expect(Tensor.mseLoss(p, t).item == 2.5625)  // (1 + 9 + 0.25 + 0) / 4
        l1.backward()
        #expect(p.grad?.values == [0.25, -0.25, -0.25, 0])  // sign(p − t)/4, sign(0) = 0
        #expect(t.grad == nil)
        p.grad = nil
        Tensor.mseLoss(p, t).backward()
        #expect(p.grad?.values == [0.5, -1.5, -0.25, 0])  // 2(p − t)/4
    }

    @Test func lossGradients() {
        let p = randomTensor([3, 5], seed: 50)
        let t = awayFrom(p, seed: 51)
        checkGradient(of: [p]) { Tensor.l1Loss(p, t) }
        checkGradient(of: [p, t]) { Tensor.l1Loss(p, t) }
        let target = randomTensor([3, 5], seed: 52)
        checkGradient(of: [p]) { Tensor.mseLoss(p, target) }
        checkGradient(of: [p, target]) { Tensor.mseLoss(p, target) }
    }

    @Test func targetGradientIsSymmetric() {
        let p = Tensor(shape: [3], values: [1, 2, 3], requiresGrad: true)
        let t = Tensor(shape: [3], values: [2, 2, 1], requiresGrad: true)
        Tensor.mseLoss(p, t).backward()
        #expect(p.grad?.values == [-2.0 / 3, 0, 4.0 / 3])
        #expect(t.grad?.values == [2.0 / 3, 0, -4.0 / 3])
    }

    /// The 2×3 image [[1, 4, 2], [0, 5, −1]]:
    /// horizontal |4−1| + |2−4| + |5−0| + |−1−5| = 3 + 2 + 5 + 6 = 16,
    /// vertical |0−1| + |5−4| + |−1−2| = 1 + 1 + 3 = 5, so TV = 21.
    let image: [Float] = [1, 4, 2, 0, 5, -1]

    @Test func totalVariationMatchesHandComputation() {
        #expect(Tensor(shape: [2, 3], values: image).totalVariation().item == 21)
        #expect(Tensor(shape: [1, 1, 2, 3], values: image).totalVariation(reduction: .sum).item == 21)
        #expect(Tensor(shape: [1, 1, 2, 3], values: image).totalVariation(reduction: .mean).item == 21.0 / 6)
        // A batch of the image and twice the image: 21 + 42 = 63, over 12 elements.
        let batch = Tensor(shape: [2, 1, 2, 3], values: image + image.map { 2 * $0 })
        #expect(batch.totalVariation().item == 63)
        #expect(batch.totalVariation(reduction: .mean).item == 5.25)
        // Images are independent: no difference is taken across the C (or N) boundary.
        #expect(Tensor(shape: [2, 2, 3], values: image + image).totalVariation().item == 42)
        // One row or one column: only one direction contributes.
        #expect(Tensor(shape: [1, 3], values: [1, 4, 2]).totalVariation().item == 5)
        #expect(Tensor(shape: [3, 1], values: [1, 4, 2]).totalVariation().item == 5)
        #expect(Tensor(shape: [1, 1], values: [7]).totalVariation().item == 0)
    }

    /// Large enough that the row loops run in several chunks; checked against a direct double loop.
    @Test func largeTotalVariationMatchesDirectSum() {
        let (planes, height, width) = (6, 64, 48)
        let x = randomTensor([2, 3, height, width], seed: 54)
        var expected = 0.0
        for p in 0..<planes {
            for i in 0..<height {
                for j in 0..<width {
                    let v = Double(x.pointer[(p * height + i) * width + j])
                    if i + 1 < height { expected += Swift.abs(Double(x.pointer[(p * height + i + 1) * width + j]) - v) }
                    if j + 1 < width { expected += Swift.abs(Double(x.pointer[(p * height + i) * width + j + 1]) - v) }
                }
            }
        }
        let tv = x.totalVariation().item
        #expect(Swift.abs(Double(tv) - expected) <= 1e-6 * expected)
    }

    @Test func totalVariationGradientMatchesHandComputation() {
        // Per element: + sign of each difference it ends, − sign of each it starts.
        let x = Tensor(shape: [1, 1, 2, 3], values: image, requiresGrad: true)
        x.totalVariation().backward()
        #expect(x.grad?.values == [0, 1, 0, -2, 3, -2])
        x.grad = nil
        x.totalVariation(reduction: .mean).backward()
        let expected: [Float] = [0, 1, 0, -2, 3, -2]
        expectClose(x.grad!, Tensor(shape: x.shape, values: expected.map { $0 / 6 }), "mean gradient")
    }

    @Test(arguments: [[2, 2, 4, 5], [5, 3], [3, 1, 4], [1, 6]])
    func totalVariationGradients(shape: [Int]) {
        let x = separatedValues(shape, seed: 53)
        checkGradient(of: [x]) { x.totalVariation() }
        checkGradient(of: [x]) { x.totalVariation(reduction: .mean).scaled(by: 10) }
    }
}
