/// 2-D convolution layer (PyTorch `nn.Conv2d`, groups = 1), with zero or reflect padding.
///
/// Weight [out, in, k, k] and bias [out], U(±1/√(in·k²)). Reflect padding pads explicitly, then
/// convolves without padding, as the authors' `Conv2dBlock` does. Checkpoint keys: `weight`, `bias`.
public final class Conv2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Int
    public let padding: Int
    public let paddingMode: PaddingMode

    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        paddingMode: PaddingMode = .zero, bias: Bool = true, generator: inout SeededGenerator
    ) {
        let shape = [outChannels, inChannels, kernelSize, kernelSize]
        let fan = fanIn(weightShape: shape)
        weight = kaimingUniform(shape: shape, fanIn: fan, generator: &generator)
        self.bias = bias ? defaultBias(shape: [outChannels], fanIn: fan, generator: &generator) : nil
        self.stride = stride
        self.padding = padding
        self.paddingMode = paddingMode
    }

    override public var parameters: [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch paddingMode {
        case .zero:
            return x.conv2d(weight: weight, bias: bias, stride: stride, padding: padding)
        case .reflect:
            let input = padding > 0 ? x.padded(padding, mode: .reflect) : x
            return input.conv2d(weight: weight, bias: bias, stride: stride)
        }
    }
}

/// 2-D transposed convolution layer (PyTorch `nn.ConvTranspose2d`, groups = 1).
///
/// Weight [in, out, k, k] and bias [out], U(±1/√(out·k²)) (PyTorch takes the fan-in from
/// dimension 1). Checkpoint keys: `weight`, `bias`.
public final class ConvTranspose2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Int
    public let padding: Int
    public let outputPadding: Int

    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        outputPadding: Int = 0, bias: Bool = true, generator: inout SeededGenerator
    ) {
        let shape = [inChannels, outChannels, kernelSize, kernelSize]
        let fan = fanIn(weightShape: shape)
        weight = kaimingUniform(shape: shape, fanIn: fan, generator: &generator)
        self.bias = bias ? defaultBias(shape: [outChannels], fanIn: fan, generator: &generator) : nil
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
    }

    override public var parameters: [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.convTranspose2d(weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
    }
}
