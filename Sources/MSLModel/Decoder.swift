import Tensor

/// The authors' `CondInstanceNorm`: instance norm with unbiased variance, γ = ReLU(1×1conv(z)),
/// β = ReLU(1×1conv(z)). Keys `shift_conv.0`, `scale_conv.0`.
final class ConditionalInstanceNorm: Module {
    let shift: Conv2d
    let scale: Conv2d

    init(channels: Int, latent: Int, generator: inout SeededGenerator) {
        shift = Conv2d(latent, channels, kernelSize: 1, generator: &generator)
        scale = Conv2d(latent, channels, kernelSize: 1, generator: &generator)
    }

    override var children: [(String, Module)] { [("shift_conv.0", shift), ("scale_conv.0", scale)] }

    func callAsFunction(_ x: Tensor, _ code: LatentCode) -> Tensor {
        let z = code.z(resolution: x.shape[2])
        return x.conditionalInstanceNorm(gamma: scale(z).relu(), beta: shift(z).relu())
    }
}

/// The authors' custom affine `InstanceNorm` (biased variance): parameters `scale` (init N(0, 0.02), so
/// the residual branch starts near zero) and `shift` (0).
final class AffineInstanceNorm: Module {
    let scale: Tensor
    let shift: Tensor

    init(channels: Int, generator: inout SeededGenerator) {
        scale = .normal([channels], std: 0.02, generator: &generator, requiresGrad: true)
        shift = Tensor(zeros: [channels], requiresGrad: true)
    }

    override var parameters: [(String, Tensor)] { [("scale", scale), ("shift", shift)] }

    func callAsFunction(_ x: Tensor) -> Tensor { x.instanceNorm(weight: scale, bias: shift) }
}

/// `CINResnetBlock`: conv3×3 → CIN(z) → ReLU → conv3×3 → affine IN; out = ReLU(x + branch). Keys
/// `conv_block.0.module1`, `conv_block.0.module2`, `conv_block.2`, `conv_block.3`.
final class ConditionalResidualBlock: Module {
    let conv1: Conv2d
    let norm1: ConditionalInstanceNorm
    let conv2: Conv2d
    let norm2: AffineInstanceNorm

    init(channels: Int, latent: Int, generator: inout SeededGenerator) {
        conv1 = Conv2d(channels, channels, kernelSize: 3, padding: 1, generator: &generator)
        norm1 = ConditionalInstanceNorm(channels: channels, latent: latent, generator: &generator)
        conv2 = Conv2d(channels, channels, kernelSize: 3, padding: 1, generator: &generator)
        norm2 = AffineInstanceNorm(channels: channels, generator: &generator)
    }

    override var children: [(String, Module)] {
        [("conv_block.0.module1", conv1), ("conv_block.0.module2", norm1), ("conv_block.2", conv2), ("conv_block.3", norm2)]
    }

    func callAsFunction(_ x: Tensor, _ code: LatentCode) -> Tensor {
        let branch = norm2(conv2(norm1(conv1(x), code).relu()))
        return (x + branch).relu()
    }
}

/// `Decoder_CIN`: one conditional residual block at the feature size, then per upsampling a
/// ConvTranspose2d halving the channels and a CIN + ReLU, then reflect-pad 3, 7×7 convolution to one
/// channel and tanh. Keys `model.0`, `model.1`, `model.2`, … `model.<3·downsamplings + 2>` (PyTorch's
/// sequence indices, ReLU and padding layers included in the count).
final class Decoder: Module {
    let residual: ConditionalResidualBlock
    let upsamplings: [(ConvTranspose2d, ConditionalInstanceNorm)]
    let output: Conv2d

    init(_ c: MSLConfiguration, generator: inout SeededGenerator) {
        var channels = c.encoderChannels
        residual = ConditionalResidualBlock(channels: channels, latent: c.latentDimension, generator: &generator)
        var upsamplings: [(ConvTranspose2d, ConditionalInstanceNorm)] = []
        for _ in 0..<c.downsamplings {
            let up = ConvTranspose2d(
                channels, channels / 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, generator: &generator)
            let norm = ConditionalInstanceNorm(channels: channels / 2, latent: c.latentDimension, generator: &generator)
            upsamplings.append((up, norm))
            channels /= 2
        }
        self.upsamplings = upsamplings
        output = Conv2d(channels, 1, kernelSize: 7, padding: 3, paddingMode: .reflect, generator: &generator)
    }

    override var children: [(String, Module)] {
        var result: [(String, Module)] = [("model.0", residual)]
        for (i, (up, norm)) in upsamplings.enumerated() {
            result.append(("model.\(1 + 3 * i)", up))
            result.append(("model.\(2 + 3 * i)", norm))
        }
        result.append(("model.\(3 * upsamplings.count + 2)", output))
        return result
    }

    /// [B, C, F, F] features → [B, 1, N, N] in (−1, 1).
    func callAsFunction(_ x: Tensor, _ code: LatentCode) -> Tensor {
        var y = residual(x, code)
        for (up, norm) in upsamplings { y = norm(up(y), code).relu() }
        return output(y).tanh()
    }
}
