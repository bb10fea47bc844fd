/// Layer normalisation over the last dimension (PyTorch `nn.LayerNorm`, ε = 1e-5, γ = 1, β = 0).
/// Checkpoint keys: `weight`, `bias`.
public final class LayerNorm: Module {
    public let weight: Tensor
    public let bias: Tensor
    public let epsilon: Float

    public init(_ features: Int, epsilon: Float = 1e-5) {
        weight = Tensor(repeating: 1, shape: [features], requiresGrad: true)
        bias = Tensor(zeros: [features], requiresGrad: true)
        self.epsilon = epsilon
    }

    override public var parameters: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.layerNorm(weight: weight, bias: bias, epsilon: epsilon) }
}

/// Instance normalisation of NCHW input (PyTorch `nn.InstanceNorm2d`: no running statistics;
/// biased variance unless `unbiased`). With `affine`, γ and β are parameters (keys `weight`,
/// `bias`), initialised to 1 and 0 unless the caller assigns other values.
public final class InstanceNorm2d: Module {
    public let weight: Tensor?
    public let bias: Tensor?
    public let unbiased: Bool
    public let epsilon: Float

    public init(_ channels: Int, affine: Bool = false, unbiased: Bool = false, epsilon: Float = 1e-5) {
        weight = affine ? Tensor(repeating: 1, shape: [channels], requiresGrad: true) : nil
        bias = affine ? Tensor(zeros: [channels], requiresGrad: true) : nil
        self.unbiased = unbiased
        self.epsilon = epsilon
    }

    override public var parameters: [(String, Tensor)] {
        guard let weight, let bias else { return [] }
        return [("weight", weight), ("bias", bias)]
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.instanceNorm(weight: weight, bias: bias, unbiased: unbiased, epsilon: epsilon)
    }
}

/// Batch normalisation of NCHW input (PyTorch `nn.BatchNorm2d`, momentum 0.1, ε = 1e-5):
/// batch statistics while training (updating the running ones), running statistics in eval.
/// Checkpoint keys: `weight`, `bias`; buffers `running_mean`, `running_var`.
public final class BatchNorm2d: Module {
    public let weight: Tensor
    public let bias: Tensor
    public let runningMean: Tensor
    public let runningVariance: Tensor
    public let momentum: Float
    public let epsilon: Float

    public init(_ channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        weight = Tensor(repeating: 1, shape: [channels], requiresGrad: true)
        bias = Tensor(zeros: [channels], requiresGrad: true)
        runningMean = Tensor(zeros: [channels])
        runningVariance = Tensor(repeating: 1, shape: [channels])
        self.momentum = momentum
        self.epsilon = epsilon
    }

    override public var parameters: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
    override public var buffers: [(String, Tensor)] {
        [("running_mean", runningMean), ("running_var", runningVariance)]
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.batchNorm(
            runningMean: runningMean, runningVariance: runningVariance, weight: weight, bias: bias,
            training: isTraining, momentum: momentum, epsilon: epsilon)
    }
}

/// Inverted dropout (PyTorch `nn.Dropout`): active only while training, with its own seeded
/// generator so that a run is reproducible from its seed.
public final class Dropout: Module {
    public let probability: Float
    private var generator: SeededGenerator

    public init(_ probability: Float, seed: UInt64) {
        self.probability = probability
        generator = SeededGenerator(seed: seed)
    }

    /// The mask stream, under the name "mask".
    override public var generators: [(String, SeededGenerator)] { [("mask", generator)] }

    override public func setGenerator(_ generator: SeededGenerator, named name: String) -> Bool {
        guard name == "mask" else { return false }
        self.generator = generator
        return true
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        isTraining && probability > 0 ? x.dropout(probability: probability, generator: &generator) : x
    }
}
