import Tensor

/// The MSL network (`reference/msl-authors-code.md` §1), module for module and key for key as the
/// authors' `MyNet_fusion`, so their converted checkpoints load by name.
///
/// Two encoders (CT FBP, zero-filled MR) → one shared patch embedding → L2-normalised tokens, each
/// modality's tokens twice → [class | CT | CT | MR | MR] + positional embedding → transformer → four
/// token quarters → the multi-sensor representation (mean of the four) or a single-modality one (mean of
/// one modality's two quarters) → two BatchNorm upsamplings → a CIN decoder conditioned on λ.
public final class MSLNetwork: Module {
    public let configuration: MSLConfiguration
    let ctEncoder: Encoder
    let mrEncoder: Encoder
    let patchEmbedding: Conv2d
    let positionalEmbedding: Tensor
    let ctClassToken: Tensor
    /// Registered by the authors, never used.
    let mrClassToken: Tensor
    let embeddingDropout: Dropout
    let blocks: [TransformerBlock]
    let upsampling1: UpsamplingBlock
    let upsampling2: UpsamplingBlock
    let lambdaToLatent: Linear
    let decoder: Decoder

    /// A network with PyTorch's default initialisation and the authors' exceptions (positional
    /// embedding and class tokens N(0, 1); the decoder's affine instance-norm scale N(0, 0.02)).
    ///
    /// - Throws: `MSLError.invalidConfiguration` listing every violated constraint.
    public init(configuration c: MSLConfiguration, seed: UInt64) throws {
        guard c.problems.isEmpty else { throw MSLError.invalidConfiguration(c.problems) }
        configuration = c
        var g = SeededGenerator(seed: seed)
        ctEncoder = Encoder(c, generator: &g)
        mrEncoder = Encoder(c, generator: &g)
        decoder = Decoder(c, generator: &g)
        lambdaToLatent = Linear(1, c.latentDimension, generator: &g)
        patchEmbedding = Conv2d(c.encoderChannels, c.modelDimension, kernelSize: c.patchSize, stride: c.patchSize, generator: &g)
        positionalEmbedding = .normal([1, c.sequenceLength, c.modelDimension], generator: &g, requiresGrad: true)
        ctClassToken = .normal([1, 1, c.modelDimension], generator: &g, requiresGrad: true)
        mrClassToken = .normal([1, 1, c.modelDimension], generator: &g, requiresGrad: true)
        embeddingDropout = Dropout(c.dropout, seed: g.next())
        blocks = (0..<c.depth).map { _ in TransformerBlock(c, generator: &g) }
        upsampling1 = UpsamplingBlock(c.modelDimension, c.modelDimension / 2, generator: &g)
        upsampling2 = UpsamplingBlock(c.modelDimension / 2, c.modelDimension / 4, generator: &g)
    }

    override public var parameters: [(String, Tensor)] {
        [("pos_embedding", positionalEmbedding), ("cls_token_ct", ctClassToken), ("cls_token_mri", mrClassToken)]
    }

    override public var children: [(String, Module)] {
        [
            ("encoder1", ctEncoder), ("encoder2", mrEncoder), ("decoder", decoder), ("G_D", lambdaToLatent),
            ("to_patch_embedding.0", patchEmbedding), ("dropout", embeddingDropout),
        ] + blocks.enumerated().map { ("transformer.layers.\($0.offset)", $0.element as Module) }
            + [("upsampling1", upsampling1), ("upsampling2", upsampling2)]
    }

    // MARK: - Encoding

    /// Encodes both images once: the transformer's four token quarters.
    ///
    /// - Parameters: ct, mr: [B, 1, N, N] (CT FBP in network units, zero-filled MR in [0, 1]).
    public func encode(ct: Tensor, mr: Tensor) -> TokenQuarters {
        let c = configuration
        let ctTokens = tokens(ctEncoder(ct))
        let mrTokens = tokens(mrEncoder(mr))
        let batch = ct.shape[0]
        let classToken = Tensor(zeros: [batch, 1, c.modelDimension]) + ctClassToken
        var x = Tensor.concatenate([classToken, ctTokens, ctTokens, mrTokens, mrTokens], axis: 1) + positionalEmbedding
        x = embeddingDropout(x)
        for block in blocks { x = block(x) }
        let t = c.tokensPerModality
        let quarters = (0..<4).map { x.sliced(axis: 1, range: (1 + $0 * t)..<(1 + ($0 + 1) * t)) }
        return TokenQuarters(ctFromCT: quarters[0], mrFromCT: quarters[1], ctFromMR: quarters[2], mrFromMR: quarters[3])
    }

    /// Patch embedding of an encoder map [B, C, F, F] → unit-norm tokens [B, T, D] (row-major patches).
    func tokens(_ features: Tensor) -> Tensor {
        let e = patchEmbedding(features)
        let b = e.shape[0]
        return e.reshaped([b, configuration.modelDimension, configuration.tokensPerModality]).transposed(1, 2)
            .l2Normalized(axis: -1, epsilon: 1e-12)
    }

    /// Mean tokens [B, T, D] → upsampled decoder input [B, C, F, F].
    public func features(_ tokens: Tensor) -> Tensor {
        let c = configuration
        let grid = tokens.transposed(1, 2).reshaped([tokens.shape[0], c.modelDimension, c.tokenGrid, c.tokenGrid])
        return upsampling2(upsampling1(grid))
    }

    // MARK: - Decoding

    /// The image for `lambda` from decoder-input features (`features(_:)`): [B, 1, N, N] in (−1, 1).
    public func decode(_ features: Tensor, lambda: Lambda) -> Tensor {
        decoder(features, LatentCode(generator: lambdaToLatent, lambda: lambda))
    }
}

/// The transformer's output split as the authors do (§1.5): quarter 1 CT tokens from the CT input,
/// 2 MR-side tokens from the CT input, 3 CT-side tokens from the MR input, 4 MR tokens from the MR input.
public struct TokenQuarters {
    public let ctFromCT: Tensor
    public let mrFromCT: Tensor
    public let ctFromMR: Tensor
    public let mrFromMR: Tensor

    /// Which representation to decode.
    public enum Representation: Sendable {
        /// All four quarters: the multi-sensor representation.
        case fused
        /// The CT input's two quarters (the authors' "com" path with the CT choice).
        case ctOnly
        /// The MR input's two quarters.
        case mrOnly
    }

    /// The mean tokens of `representation`, [B, T, D].
    public func tokens(_ representation: Representation) -> Tensor {
        switch representation {
        case .fused: return (ctFromCT + mrFromMR + mrFromCT + ctFromMR) * 0.25
        case .ctOnly: return (mrFromCT + ctFromCT) * 0.5
        case .mrOnly: return (mrFromMR + ctFromMR) * 0.5
        }
    }
}

/// Why an MSL model cannot be built, loaded or run.
public enum MSLError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidConfiguration([String])
    case checkpoint(path: String, reason: String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let problems): return "invalid MSL configuration: " + problems.joined(separator: "; ")
        case .checkpoint(let path, let reason): return "\(path): \(reason)"
        case .invalidInput(let message): return message
        }
    }
}
