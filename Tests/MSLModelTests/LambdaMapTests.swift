import Foundation
import Tensor
import Testing

@testable import MSLModel

@Suite struct ParzenMutualInformationTests {
    static func image(seed: UInt64, count: Int = 400) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.uniform([count], low: 0, high: 1, generator: &g)
    }

    /// MI(x, x) (the smoothed entropy of x) is far above MI(x, y) of independent images, which is near 0;
    /// MI is symmetric, and inverting the grey levels (1 − x) keeps it.
    @Test func behavesAsMutualInformation() {
        let mi = ParzenMutualInformation()
        let x = Self.image(seed: 1), y = Self.image(seed: 2)
        let same = mi(x, x).item
        let independent = mi(x, y).item
        #expect(same > 1 && same > 10 * independent, "MI(x, x) = \(same), MI(x, y) = \(independent) nats")
        #expect(independent < 0.2 && independent >= -1e-5, "MI(x, y) = \(independent)")
        #expect(abs(mi(x, y).item - mi(y, x).item) < 1e-4)
        let inverted = x.negated() + 1
        #expect(abs(mi(inverted, x).item - same) < 0.05)
    }

    /// A decoder's tanh output can reach −1: far from every bin centre, where each Gaussian underflows to 0.
    /// Such pixels fall on the end bin (no 0/0), so MI and its gradient stay finite.
    @Test func valuesFarOutsideTheBinsStayFinite() {
        let mi = ParzenMutualInformation()
        let x = Tensor(shape: [6], values: [-1, -0.6, 0.2, 0.5, 1.7, 2], requiresGrad: true)
        let y = Tensor(shape: [6], values: [0, 0.1, 0.2, 0.5, 0.9, 1])
        let value = mi(x, y)
        value.backward()
        #expect(value.item.isFinite && value.item > 0)
        #expect(x.grad!.values.allSatisfy { $0.isFinite })
        // Such values sit wholly on their end bin: moving them further out changes nothing.
        let further = Tensor(shape: [6], values: [-5, -0.6, 0.2, 0.5, 1.7, 7])
        #expect(abs(value.item - mi(further, y).item) < 1e-6)
    }

    @Test func gradientMatchesFiniteDifferences() {
        let mi = ParzenMutualInformation(bins: 8)
        let x = Self.image(seed: 3, count: 24)
        let y = (x * 0.7 + Self.image(seed: 4, count: 24) * 0.3)
        let probe = Tensor(shape: x.shape, values: x.values, requiresGrad: true)
        mi(probe, y).backward()
        let gradient = probe.grad!.values
        let h: Float = 1e-3
        for i in [0, 5, 11, 23] {
            var plus = x.values, minus = x.values
            plus[i] += h
            minus[i] -= h
            let numeric = (mi(Tensor(shape: x.shape, values: plus), y).item - mi(Tensor(shape: x.shape, values: minus), y).item) / (2 * h)
            #expect(abs(numeric - gradient[i]) < 2e-2 * max(1, abs(numeric)), "pixel \(i): \(numeric) vs \(gradient[i])")
        }
    }
}

@Suite struct LambdaMapOptimiserTests {
    /// On a small random network the optimiser must end at or above where it started, the best constant λ (the
    /// best map is kept), and the map stays in [0, 1] (the best constant may be 0 or 1).
    @Test func neverEndsBelowTheStart() throws {
        let network = try MSLNetwork(configuration: GoldenNetworkTests.tiny, seed: 5)
        let reconstructor = MSLReconstructor(network: network)
        var g = SeededGenerator(seed: 6)
        let ct = Tensor.uniform([1, 1, 32, 32], low: 0, high: 1, generator: &g)
        let mr = Tensor.uniform([1, 1, 32, 32], low: 0, high: 1, generator: &g)
        let encoded = try reconstructor.encode(ct: ct, mr: mr)
        var optimiser = LambdaMapOptimiser()
        optimiser.iterations = 15
        optimiser.stepSize = 0.3
        let result = try optimiser.optimise(encoded, network: network)
        #expect(result.objective >= result.startObjective - 1e-5, "\(result.objective) < start \(result.startObjective)")
        #expect(result.history.count == 15)
        #expect(result.map.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        // It starts from the best constant λ, so it never ends below it, in objective or (TV ≥ 0) in MI.
        #expect(result.startObjective == result.bestConstant.objective)
        #expect(result.mutualInformation >= result.bestConstantMutualInformation - 1e-5)
        #expect(result.image.values.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    /// One image of a batch encoding is the encoding of that image alone, so the pipeline optimises each slice's
    /// λ-map from its batch's encoding instead of encoding it again.
    @Test func anItemOfABatchEncodingIsTheImageEncodedAlone() throws {
        let network = try MSLNetwork(configuration: GoldenNetworkTests.tiny, seed: 7)
        let reconstructor = MSLReconstructor(network: network)
        var g = SeededGenerator(seed: 8)
        let ct = Tensor.uniform([3, 1, 32, 32], low: 0, high: 1, generator: &g)
        let mr = Tensor.uniform([3, 1, 32, 32], low: 0, high: 1, generator: &g)
        let item = try reconstructor.encode(ct: ct, mr: mr).item(1)
        let alone = try reconstructor.encode(
            ct: Tensor(shape: [1, 1, 32, 32], values: Array(ct.values[1024..<2048])),
            mr: Tensor(shape: [1, 1, 32, 32], values: Array(mr.values[1024..<2048])))
        #expect(item.features.shape == alone.features.shape)
        #expect(item.inputs == alone.inputs)
        let difference = zip(item.features.values, alone.features.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference < 1e-5, "\(difference)")
    }
}
