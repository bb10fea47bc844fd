/// The shape of an MSL network (`reference/msl-authors-code.md` §1). `paper` is the authors' network;
/// `compact` the same architecture scaled to train on two CPU cores; any other size is a value of this
/// type.
///
/// Constraints the architecture imposes (checked by `problems`): the encoder halves the input
/// `downsamplings` times to the feature-map size F = inputSize / 2^downsamplings with
/// C = baseChannels · 2^downsamplings channels; tokens are F/patchSize squared patches of that map; the
/// two post-transformer upsamplings double the token grid twice back to F and quarter the model
/// dimension to C, so patchSize = 4 and modelDimension = 4·C.
public struct MSLConfiguration: Sendable, Codable, Equatable {
    public var inputSize: Int
    public var baseChannels: Int
    public var downsamplings: Int
    public var patchSize: Int
    public var modelDimension: Int
    public var depth: Int
    public var heads: Int
    public var headDimension: Int
    public var mlpDimension: Int
    public var latentDimension: Int
    public var dropout: Float
    /// Residual blocks built in each encoder but never run (the authors' dead `model2`), so that their
    /// checkpoints load key for key.
    public var encoderResidualBlocks: Int

    public init(
        inputSize: Int, baseChannels: Int, downsamplings: Int = 2, patchSize: Int = 4, modelDimension: Int,
        depth: Int = 2, heads: Int, headDimension: Int, mlpDimension: Int, latentDimension: Int = 16,
        dropout: Float = 0.1, encoderResidualBlocks: Int = 3
    ) {
        self.inputSize = inputSize
        self.baseChannels = baseChannels
        self.downsamplings = downsamplings
        self.patchSize = patchSize
        self.modelDimension = modelDimension
        self.depth = depth
        self.heads = heads
        self.headDimension = headDimension
        self.mlpDimension = mlpDimension
        self.latentDimension = latentDimension
        self.dropout = dropout
        self.encoderResidualBlocks = encoderResidualBlocks
    }

    /// The authors' network: 384² input, encoders 64→128→256, 2305 tokens of 1024, 2 blocks of 8×64
    /// heads, MLP 3072.
    public static let paper = MSLConfiguration(
        inputSize: 384, baseChannels: 64, modelDimension: 1024, heads: 8, headDimension: 64, mlpDimension: 3072)

    /// Trainable on 2 CPU cores: 128² input, encoders 16→32→64, 257 tokens of 256, 2 blocks of 4×32
    /// heads, MLP 768.
    public static let compact = MSLConfiguration(
        inputSize: 128, baseChannels: 16, modelDimension: 256, heads: 4, headDimension: 32, mlpDimension: 768)

    /// A 32² network of about 120 thousand parameters for tests and smoke runs: encoders 4→8→16, 17
    /// tokens of 64, 2 blocks of 2×16 heads, MLP 96 (the golden PyTorch fixture's configuration, with its
    /// dropout 0 set by the tests).
    public static let tiny = MSLConfiguration(
        inputSize: 32, baseChannels: 4, modelDimension: 64, heads: 2, headDimension: 16, mlpDimension: 96)

    /// Encoder output channels C.
    public var encoderChannels: Int { baseChannels << downsamplings }
    /// Encoder output size F.
    public var featureSize: Int { inputSize >> downsamplings }
    /// Token grid side F / patchSize.
    public var tokenGrid: Int { featureSize / patchSize }
    /// Tokens per modality.
    public var tokensPerModality: Int { tokenGrid * tokenGrid }
    /// Sequence length: class token + two copies of each modality's tokens.
    public var sequenceLength: Int { 4 * tokensPerModality + 1 }

    /// Every violated constraint, empty when valid.
    public var problems: [String] {
        var p: [String] = []
        if downsamplings < 1 || inputSize % (1 << downsamplings) != 0 {
            p.append("inputSize \(inputSize) must be divisible by 2^downsamplings (\(1 << max(0, downsamplings)))")
        }
        if patchSize != 4 { p.append("patchSize must be 4 (two ×2 upsamplings return the token grid to the feature map)") }
        if featureSize % 4 != 0 || featureSize < 4 { p.append("feature map \(featureSize) must be a positive multiple of 4") }
        if modelDimension != 4 * encoderChannels {
            p.append("modelDimension \(modelDimension) must be 4 × encoder channels (\(4 * encoderChannels))")
        }
        if baseChannels < 1 || depth < 0 || heads < 1 || headDimension < 1 || mlpDimension < 1 || latentDimension < 1 {
            p.append("channels, heads, dimensions and latent size must be positive")
        }
        if !(0..<1).contains(dropout) { p.append("dropout \(dropout) must be in [0, 1)") }
        return p
    }
}
