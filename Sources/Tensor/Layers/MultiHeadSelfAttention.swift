/// Multi-head self-attention as in lucidrains' ViT `Attention` (the authors' transformer,
/// `reference/msl-authors-code.md` §1.4): `to_qkv` = Linear(dim → 3·heads·headDim, no bias),
/// fused scaled dot-product attention with dropout on the probabilities, `to_out` =
/// Linear(heads·headDim → dim) followed by dropout. Checkpoint keys: `to_qkv.weight`,
/// `to_out.0.weight`, `to_out.0.bias` (PyTorch's `nn.Sequential` index 0).
public final class MultiHeadSelfAttention: Module {
    public let heads: Int
    public let toQKV: Linear
    public let toOut: Linear
    public let dropoutProbability: Float
    private var attentionGenerator: SeededGenerator
    private let outputDropout: Dropout

    public init(
        dim: Int, heads: Int, headDim: Int, dropout: Float = 0, generator: inout SeededGenerator
    ) {
        self.heads = heads
        toQKV = Linear(dim, 3 * heads * headDim, bias: false, generator: &generator)
        toOut = Linear(heads * headDim, dim, generator: &generator)
        dropoutProbability = dropout
        attentionGenerator = SeededGenerator(seed: generator.next())
        outputDropout = Dropout(dropout, seed: generator.next())
    }

    override public var children: [(String, Module)] {
        [("to_qkv", toQKV), ("to_out.0", toOut), ("to_out.1", outputDropout)]
    }

    /// The attention-probability dropout stream, under the name "attention".
    override public var generators: [(String, SeededGenerator)] { [("attention", attentionGenerator)] }

    override public func setGenerator(_ generator: SeededGenerator, named name: String) -> Bool {
        guard name == "attention" else { return false }
        attentionGenerator = generator
        return true
    }

    /// x: [B, T, dim] → [B, T, dim].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let p = isTraining ? dropoutProbability : 0
        let attended = toQKV(x).multiHeadSelfAttention(heads: heads, dropout: p, generator: &attentionGenerator)
        return outputDropout(toOut(attended))
    }
}
