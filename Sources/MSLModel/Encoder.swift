import Tensor

/// The authors' `Conv2dBlock`: explicit reflect padding, convolution with bias, instance norm (no
/// affine, biased variance, ε 1e-5) and an optional ReLU. Key: `conv`.
final class ConvolutionBlock: Module {
    let conv: Conv2d
    let activation: Bool

    init(_ input: Int, _ output: Int, kernel: Int, stride: Int, padding: Int, activation: Bool = true,
         generator: inout SeededGenerator) {
        conv = Conv2d(input, output, kernelSize: kernel, stride: stride, padding: padding, paddingMode: .reflect,
                      generator: &generator)
        self.activation = activation
    }

    override var children: [(String, Module)] { [("conv", conv)] }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let y = conv(x).instanceNorm()
        return activation ? y.relu() : y
    }
}

/// A residual block the authors build in each encoder (`model2`) but never run. It exists so that
/// checkpoints load key for key; it has no forward. Keys: `model.0.conv`, `model.1.conv`.
final class UnusedResidualBlock: Module {
    let first: ConvolutionBlock
    let second: ConvolutionBlock

    init(_ channels: Int, generator: inout SeededGenerator) {
        first = ConvolutionBlock(channels, channels, kernel: 3, stride: 1, padding: 1, generator: &generator)
        second = ConvolutionBlock(channels, channels, kernel: 3, stride: 1, padding: 1, activation: false,
                                  generator: &generator)
    }

    override var children: [(String, Module)] { [("model.0", first), ("model.1", second)] }
}

/// One modality's encoder (`ContentEncoder_expand.model`): 7×7 convolution to `baseChannels`, then
/// `downsamplings` 4×4 stride-2 convolutions doubling the channels. Keys: `model.<i>.conv`,
/// `model2.<j>.model.<k>.conv` (unused).
final class Encoder: Module {
    let blocks: [ConvolutionBlock]
    let unused: [UnusedResidualBlock]

    init(_ c: MSLConfiguration, generator: inout SeededGenerator) {
        var blocks = [ConvolutionBlock(1, c.baseChannels, kernel: 7, stride: 1, padding: 3, generator: &generator)]
        var channels = c.baseChannels
        for _ in 0..<c.downsamplings {
            blocks.append(ConvolutionBlock(channels, 2 * channels, kernel: 4, stride: 2, padding: 1, generator: &generator))
            channels *= 2
        }
        self.blocks = blocks
        unused = (0..<c.encoderResidualBlocks).map { _ in UnusedResidualBlock(channels, generator: &generator) }
    }

    override var children: [(String, Module)] {
        blocks.enumerated().map { ("model.\($0.offset)", $0.element) }
            + unused.enumerated().map { ("model2.\($0.offset)", $0.element) }
    }

    /// [B, 1, N, N] → [B, C, F, F].
    func callAsFunction(_ x: Tensor) -> Tensor {
        blocks.reduce(x) { $1($0) }
    }
}
