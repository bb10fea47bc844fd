import Testing

@testable import Tensor

/// `Module` trees (names, state dicts, verified loading, modes) and PyTorch's default initialisers.
@Suite struct ModuleTests {
    // MARK: - Module

    @Test func namesAreDottedInDeclarationOrder() {
        let net = Net(seed: 1)
        #expect(
            net.namedParameters().map(\.0) == [
                "scale", "encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "head.weight", "head.bias",
            ])
        #expect(net.namedBuffers().map(\.0) == ["encoder.1.running_mean"])
        #expect(
            Set(net.stateDict().keys) == Set(net.namedParameters().map(\.0) + net.namedBuffers().map(\.0)))
        #expect(net.parameterCount() == 1 + (4 * 3 + 4) + 4 + (2 * 4 + 2))
    }

    @Test func sharedTensorIsOneParameterButEveryStateDictKey() {
        let shared = Affine(inputs: 2, outputs: 2, seed: 3)
        let tied = Chain([shared, shared])
        #expect(tied.namedParameters().map(\.0) == ["0.weight", "0.bias"])
        #expect(tied.parameterCount() == 6)
        #expect(tied.stateDict().keys.sorted() == ["0.bias", "0.weight", "1.bias", "1.weight"])
    }

    @Test func stateDictRoundTripCopiesValuesIntoExistingTensors() throws {
        let source = Net(seed: 1)
        let target = Net(seed: 2)
        source.encoder1.runningMean.assign(Tensor(shape: [4], values: [1, 2, 3, 4]))
        let tensorsBefore = target.stateDict().mapValues(ObjectIdentifier.init)
        let saved = source.stateDict().mapValues { $0.copy() }  // as a checkpoint file would hold them
        try target.load(stateDict: saved)
        for (key, tensor) in target.stateDict() {
            #expect(tensor.values == source.stateDict()[key]!.values, "\(key)")
            #expect(ObjectIdentifier(tensor) == tensorsBefore[key], "\(key) must be loaded in place")
        }
        saved["head.bias"]!.zero()
        #expect(target.head.bias.values == source.head.bias.values, "load copies, it does not alias")
    }

    @Test func loadReportsEveryProblemAndLoadsNothing() {
        let target = Net(seed: 2)
        let before = target.stateDict().mapValues(\.values)
        var stateDict = Net(seed: 1).stateDict()
        stateDict["head.bias"] = nil
        stateDict["extra.weight"] = Tensor(zeros: [7])
        stateDict["encoder.0.weight"] = Tensor(zeros: [3, 4])
        let error = #expect(throws: TensorError.self) { try target.load(stateDict: stateDict) }
        #expect(
            error
                == .stateDictMismatch(problems: [
                    "shape mismatch for 'encoder.0.weight': the model has [4, 3], the state dict has [3, 4]",
                    "missing key 'head.bias': the model expects shape [2]",
                    "unused key 'extra.weight' (shape [7]): the model has no such tensor",
                ]))
        #expect(target.stateDict().mapValues(\.values) == before, "a rejected load must change nothing")
    }

    @Test func trainAndEvalReachEveryDescendant() {
        let net = Net(seed: 1)
        let all: [Module] = [net, net.encoder, net.encoder0, net.encoder1, net.head]
        #expect(all.allSatisfy { $0.isTraining }, "modules start in training mode")
        net.eval()
        #expect(all.allSatisfy { !$0.isTraining })
        net.train()
        #expect(all.allSatisfy { $0.isTraining })
        net.encoder.train(false)
        #expect(all.map(\.isTraining) == [true, false, false, false, true])
    }

    @Test func zeroGradDropsEveryGradient() {
        let net = Net(seed: 1)
        for (_, p) in net.namedParameters() { p.grad = Tensor(repeating: 1, shape: p.shape) }
        net.zeroGrad()
        #expect(net.namedParameters().allSatisfy { $0.1.grad == nil })
    }

    // MARK: - Initialisation

    @Test func fanInFollowsPyTorch() {
        #expect(fanIn(weightShape: [16, 32]) == 32)  // Linear [out, in]
        #expect(fanIn(weightShape: [8, 3, 5, 5]) == 75)  // Conv2d [out, in, kh, kw]
        #expect(fanIn(weightShape: [3, 8, 4, 4]) == 128)  // ConvTranspose2d [in, out, kh, kw]: from out
    }

    @Test(arguments: [1, 27, 100])
    func kaimingUniformIsUniformWithinOneOverRootFanIn(fanIn: Int) {
        var generator = SeededGenerator(seed: 42)
        let weight = kaimingUniform(shape: [100, 100], fanIn: fanIn, generator: &generator)
        let bound = 1 / Float(fanIn).squareRoot()
        #expect(weight.requiresGrad)
        #expect(weight.values.allSatisfy { Swift.abs($0) <= bound })
        // U(−b, b) has standard deviation b/√3.
        let samples = weight.values.map(Double.init)
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        let expectedStd = Double(bound) / 3.0.squareRoot()
        #expect(Swift.abs(variance.squareRoot() - expectedStd) <= 0.05 * expectedStd)

        var again = SeededGenerator(seed: 42)
        #expect(kaimingUniform(shape: [100, 100], fanIn: fanIn, generator: &again).values == weight.values)
        var other = SeededGenerator(seed: 43)
        #expect(kaimingUniform(shape: [100, 100], fanIn: fanIn, generator: &other).values != weight.values)
    }

    @Test func kaimingUniformGainFollowsA() {
        // a = 0 (ReLU gain √2): bound = √2 · √(3 / fanIn) = √(6 / 24) = 0.5.
        var generator = SeededGenerator(seed: 5)
        let weight = kaimingUniform(shape: [10_000], fanIn: 24, a: 0, generator: &generator)
        let largest = weight.values.map { Swift.abs($0) }.max()!
        #expect(largest <= 0.5 && largest > 0.49)
    }

    @Test func defaultBiasIsUniformWithinOneOverRootFanIn() {
        var generator = SeededGenerator(seed: 9)
        let bias = defaultBias(shape: [10_000], fanIn: 16, generator: &generator)
        let largest = bias.values.map { Swift.abs($0) }.max()!
        #expect(largest <= 0.25 && largest > 0.24)
        #expect(defaultBias(shape: [3], fanIn: 0, generator: &generator).values == [0, 0, 0])
    }
}

// MARK: - A test-only module tree

/// y = W x + b, with PyTorch's Linear initialisation and keys.
private final class Affine: Module {
    let weight: Tensor
    let bias: Tensor

    init(inputs: Int, outputs: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        weight = kaimingUniform(shape: [outputs, inputs], fanIn: inputs, generator: &generator)
        bias = defaultBias(shape: [outputs], fanIn: inputs, generator: &generator)
    }

    override var parameters: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
}

/// A parameter and a buffer with a snake_case checkpoint key, like BatchNorm's.
private final class Scale: Module {
    let weight = Tensor(repeating: 1, shape: [4], requiresGrad: true)
    let runningMean = Tensor(zeros: [4])

    override var parameters: [(String, Tensor)] { [("weight", weight)] }
    override var buffers: [(String, Tensor)] { [("running_mean", runningMean)] }
}

/// Children keyed "0", "1", … as `nn.Sequential`.
private final class Chain: Module {
    let layers: [Module]
    init(_ layers: [Module]) { self.layers = layers }
    override var children: [(String, Module)] { layers.enumerated().map { (String($0.offset), $0.element) } }
}

/// scale, encoder = [Affine(3→4), Scale], head = Affine(4→2).
private final class Net: Module {
    let scale = Tensor(repeating: 2, shape: [1], requiresGrad: true)
    let encoder0: Affine
    let encoder1 = Scale()
    let encoder: Chain
    let head: Affine

    init(seed: UInt64) {
        encoder0 = Affine(inputs: 3, outputs: 4, seed: seed)
        encoder = Chain([encoder0, encoder1])
        head = Affine(inputs: 4, outputs: 2, seed: seed + 100)
    }

    override var parameters: [(String, Tensor)] { [("scale", scale)] }
    override var children: [(String, Module)] { [("encoder", encoder), ("head", head)] }
}
