import Tensor

/// lucidrains' ViT `FeedForward`: Linear → GELU (erf) → dropout → Linear → dropout. Keys `net.0`, `net.3`.
final class FeedForward: Module {
    let first: Linear
    let second: Linear
    let dropout1: Dropout
    let dropout2: Dropout

    init(dim: Int, hidden: Int, dropout: Float, generator: inout SeededGenerator) {
        first = Linear(dim, hidden, generator: &generator)
        second = Linear(hidden, dim, generator: &generator)
        dropout1 = Dropout(dropout, seed: generator.next())
        dropout2 = Dropout(dropout, seed: generator.next())
    }

    override var children: [(String, Module)] {
        [("net.0", first), ("net.2", dropout1), ("net.3", second), ("net.4", dropout2)]
    }

    func callAsFunction(_ x: Tensor) -> Tensor { dropout2(second(dropout1(first(x).gelu()))) }
}

/// One pre-norm transformer block: x + Attn(LN(x)), then x + FF(LN(x)). Keys `0.norm`, `0.fn.to_qkv`,
/// `0.fn.to_out.0`, `1.norm`, `1.fn.net.0`, `1.fn.net.3` (the authors' `PreNorm` pairs).
final class TransformerBlock: Module {
    let attentionNorm: LayerNorm
    let attention: MultiHeadSelfAttention
    let feedForwardNorm: LayerNorm
    let feedForward: FeedForward

    init(_ c: MSLConfiguration, generator: inout SeededGenerator) {
        attentionNorm = LayerNorm(c.modelDimension)
        attention = MultiHeadSelfAttention(
            dim: c.modelDimension, heads: c.heads, headDim: c.headDimension, dropout: c.dropout, generator: &generator)
        feedForwardNorm = LayerNorm(c.modelDimension)
        feedForward = FeedForward(dim: c.modelDimension, hidden: c.mlpDimension, dropout: c.dropout, generator: &generator)
    }

    override var children: [(String, Module)] {
        [("0.norm", attentionNorm), ("0.fn", attention), ("1.norm", feedForwardNorm), ("1.fn", feedForward)]
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let y = x + attention(attentionNorm(x))
        return y + feedForward(feedForwardNorm(y))
    }
}

/// The post-transformer upsampling: ConvTranspose2d (3, stride 2, padding 1, output padding 1) →
/// BatchNorm2d → ReLU. Keys `0`, `1`.
final class UpsamplingBlock: Module {
    let convolution: ConvTranspose2d
    let norm: BatchNorm2d

    init(_ input: Int, _ output: Int, generator: inout SeededGenerator) {
        convolution = ConvTranspose2d(
            input, output, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, generator: &generator)
        norm = BatchNorm2d(output)
    }

    override var children: [(String, Module)] { [("0", convolution), ("1", norm)] }

    func callAsFunction(_ x: Tensor) -> Tensor { norm(convolution(x)).relu() }
}
