/// Analytic work of the MSL network per slice (batch 1), derived from an `MSLConfiguration`: what
/// `msl bench msl` divides by time to report GFLOP/s.
///
/// Conventions (those of `msl bench engine` and `Benchmarks/engine_torch.py`): a multiply-add (MAC)
/// is 2 FLOP; only convolutions, transposed convolutions, linear layers and the attention matmuls are
/// counted; bias, normalisation, activations, softmax, padding and every other elementwise op are not.
/// With N = inputSize, C₀ = baseChannels, F = featureSize, C = encoderChannels, D = modelDimension,
/// S = sequenceLength, T = tokensPerModality, g = tokenGrid, H heads of Dh (I = H·Dh), M = mlpDimension,
/// L = latentDimension:
///
/// - encoder (one modality): C₀·N²·7² + Σᵢ₌₁…d (C₀2ⁱ)·(N/2ⁱ)²·(C₀2ⁱ⁻¹)·4²
/// - patch embedding (one modality): D·T·C·4²
/// - transformer block: S·D·3I (qkv) + 2·H·S²·Dh (q·kᵀ and attention·v) + S·I·D (out) + 2·S·D·M (MLP)
/// - upsampling (one representation): D·g²·(D/2)·3² + (D/2)·(2g)²·(D/4)·3²
///   (a transposed convolution costs Cin·Hin·Win·Cout·k²)
/// - decoder: 2·C²·3²·F² (residual block) + Σᵢ₌₁…d (C/2ⁱ⁻¹)·(F2ⁱ⁻¹)²·(C/2ⁱ)·3² (transposed
///   convolutions) + C₀·7²·N² (output) + the CIN 1×1 convolutions 2·L·channels per point of z and
///   G_D's L per point: one point for a scalar λ, r² for a λ-map at a CIN layer of resolution r.
/// - Parzen mutual information of n pixels and B bins: n·B² (the joint histogram matmul).
///
/// For the paper preset the first training forward (encoders 20.3 G, patch embedding 4.8 G,
/// transformer 49.6 G, two upsamplings 10.9 G, four decoder passes 67.1 G) is 152.6 G MAC, the
/// authors'-code note's ≈150 G (`reference/msl-authors-code.md` §1.12).
public struct MSLFlops: Sendable, Equatable {
    public let configuration: MSLConfiguration

    public init(_ configuration: MSLConfiguration) {
        self.configuration = configuration
    }

    // MARK: - Components, in multiply-adds per sample

    /// One modality's encoder (7×7 convolution, then the stride-2 4×4 convolutions).
    public var encoderMACs: Int {
        let c = configuration
        var macs = c.baseChannels * c.inputSize * c.inputSize * 49
        var channels = c.baseChannels
        var size = c.inputSize
        for _ in 0..<c.downsamplings {
            size /= 2
            macs += 2 * channels * size * size * channels * 16
            channels *= 2
        }
        return macs
    }

    /// One modality's patch embedding (C → D, kernel = stride = patchSize).
    public var patchEmbeddingMACs: Int {
        let c = configuration
        return c.modelDimension * c.tokensPerModality * c.encoderChannels * c.patchSize * c.patchSize
    }

    /// One pre-norm transformer block over the whole sequence.
    public var transformerBlockMACs: Int {
        let c = configuration
        let s = c.sequenceLength
        let inner = c.heads * c.headDimension
        return s * c.modelDimension * 3 * inner + 2 * c.heads * s * s * c.headDimension + s * inner * c.modelDimension
            + 2 * s * c.modelDimension * c.mlpDimension
    }

    /// Both upsampling blocks for one representation (mean tokens → decoder input).
    public var upsamplingMACs: Int {
        let c = configuration
        let g = c.tokenGrid
        let d = c.modelDimension
        return d * g * g * (d / 2) * 9 + (d / 2) * (2 * g) * (2 * g) * (d / 4) * 9
    }

    /// One decoder pass, for one scalar λ (`map` false) or a λ-map at the input resolution (`map` true).
    public func decoderMACs(map: Bool) -> Int {
        let c = configuration
        let latent = c.latentDimension
        var channels = c.encoderChannels
        var size = c.featureSize
        func conditioning(channels: Int, resolution: Int) -> Int {
            let points = map ? resolution * resolution : 1
            return 2 * latent * channels * points + (map ? latent * points : 0)
        }
        var macs = 2 * channels * channels * 9 * size * size + conditioning(channels: channels, resolution: size)
        for _ in 0..<c.downsamplings {
            macs += channels * size * size * (channels / 2) * 9
            channels /= 2
            size *= 2
            macs += conditioning(channels: channels, resolution: size)
        }
        macs += channels * 49 * size * size
        return macs + (map ? 0 : latent)  // G_D once for a scalar λ; per point (above) for a map
    }

    /// Parzen mutual information of two images of `pixels` pixels with `bins` bins: the joint histogram.
    public static func mutualInformationMACs(pixels: Int, bins: Int) -> Int { pixels * bins * bins }

    /// Encoders, patch embeddings and the transformer: everything before the token quarters.
    public var tokensMACs: Int {
        2 * encoderMACs + 2 * patchEmbeddingMACs + configuration.depth * transformerBlockMACs
    }

    // MARK: - Benchmark cases, in FLOP

    /// Encoding one slice: encoders, transformer and the fused representation's upsampling.
    public var encodeFLOP: Double { 2 * Double(tokensMACs + upsamplingMACs) }

    /// Decoding one scalar λ from the fused representation.
    public var decodeFLOP: Double { 2 * Double(decoderMACs(map: false)) }

    /// One `LambdaMapOptimiser` step: the decoder with a λ-map, forward and backward, and ½·MI to MSL-CT +
    /// ½·MI to MSL-MR, forward and backward. The weights are frozen during the step, so each backward
    /// costs 1 × its forward (input gradients only; the decoder's first convolution, whose input needs none,
    /// is counted anyway).
    public func lambdaMapStepFLOP(bins: Int) -> Double {
        let n = configuration.inputSize * configuration.inputSize
        return 2 * (2 * Double(decoderMACs(map: true)) + 2 * 2 * Double(Self.mutualInformationMACs(pixels: n, bins: bins)))
    }

    /// One training iteration as `MSLNetwork.trainingLoss` computes it, backward and optimiser step
    /// included, for `batch` slices: the first forward (tokens, fused and single-modality upsampling,
    /// four decoder passes) and the second (tokens, fused upsampling, one decoder pass) with their
    /// backward (2 × forward), plus the second forward's single-modality upsampling, run without
    /// gradient.
    public func trainingIterationFLOP(batch: Int) -> Double {
        let decoder = decoderMACs(map: false)
        let first = tokensMACs + 2 * upsamplingMACs + 4 * decoder
        let second = tokensMACs + upsamplingMACs + decoder
        return 2 * Double(batch) * (3 * Double(first + second) + Double(upsamplingMACs))
    }
}
