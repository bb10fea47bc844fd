import Tensor

extension EngineBenchmark {
    /// Square sgemm size for the ceiling measurement.
    static let sgemmSize = 2048

    /// OpenBLAS sgemm GFLOP/s on square matrices, through the engine's own matmul path.
    static func sgemmGFLOPS(stopwatch: Stopwatch) -> Double {
        var generator = SeededGenerator(seed: 1)
        let a = Tensor.normal([sgemmSize, sgemmSize], generator: &generator)
        let b = Tensor.normal([sgemmSize, sgemmSize], generator: &generator)
        let seconds = stopwatch.median { _ = withNoGrad { a.matmul(b) } }
        return 2 * Double(sgemmSize * sgemmSize * sgemmSize) / seconds / 1e9
    }

    /// The paper preset's heaviest layers (`reference/msl-authors-code.md` §1), batch 1, with the
    /// names of `Benchmarks/engine_torch.py`.
    static var layers: [Layer] {
        [
        convolution("conv7x7_1to64_384", "encoder block 1: conv 7×7 1→64 on 384² (reflect-padded to 390²)",
                    input: [1, 1, 390, 390], weight: [64, 1, 7, 7], stride: 1, padding: 0),
        convolution("conv4x4s2_64to128_384", "encoder block 2: conv 4×4/2 64→128, 384² → 192²",
                    input: [1, 64, 386, 386], weight: [128, 64, 4, 4], stride: 2, padding: 0),
        convolution("conv3x3_256to256_96", "residual-block conv 3×3 256→256 on 96²",
                    input: [1, 256, 96, 96], weight: [256, 256, 3, 3], stride: 1, padding: 1),
        Layer(
            name: "convT3x3s2_128to64_to384", description: "decoder transposed conv 3×3/2 128→64, 192² → 384²",
            forwardFLOP: 2 * Double(128 * 192 * 192 * 64 * 9)
        ) {
            var generator = SeededGenerator(seed: 4)
            let x = Tensor.normal([1, 128, 192, 192], generator: &generator, requiresGrad: true)
            let w = Tensor.normal([128, 64, 3, 3], std: 0.03, generator: &generator, requiresGrad: true)
            let b = Tensor.normal([64], generator: &generator, requiresGrad: true)
            return ([x, w, b], { x.convTranspose2d(weight: w, bias: b, stride: 2, padding: 1, outputPadding: 1) })
        },
        Layer(
            name: "attention_2305x1024", description: "self-attention, 2305 tokens × 1024, 8 heads × 64 (qkv, softmax, out)",
            forwardFLOP: {
                let t = 2305.0
                return 2 * t * 1024 * 1536 + 2 * (2 * 8 * t * t * 64) + 2 * t * 512 * 1024
            }()
        ) {
            var generator = SeededGenerator(seed: 5)
            let x = Tensor.normal([1, 2305, 1024], generator: &generator, requiresGrad: true)
            let qkv = Tensor.normal([1536, 1024], std: 0.03, generator: &generator, requiresGrad: true)
            let out = Tensor.normal([1024, 512], std: 0.04, generator: &generator, requiresGrad: true)
            let bias = Tensor.normal([1024], generator: &generator, requiresGrad: true)
            return ([x, qkv, out, bias], {
                var dropoutGenerator = SeededGenerator(seed: 6)
                return x.linear(weight: qkv)
                    .multiHeadSelfAttention(heads: 8, generator: &dropoutGenerator)
                    .linear(weight: out, bias: bias)
            })
        },
        ]
    }

    private static func convolution(
        _ name: String, _ description: String, input: [Int], weight: [Int], stride: Int, padding: Int
    ) -> Layer {
        let outHeight = (input[2] + 2 * padding - weight[2]) / stride + 1
        let outWidth = (input[3] + 2 * padding - weight[3]) / stride + 1
        let flop = 2 * Double(weight[0] * outHeight * outWidth * weight[1] * weight[2] * weight[3])
        return Layer(name: name, description: description, forwardFLOP: flop) {
            var generator = SeededGenerator(seed: 3)
            let x = Tensor.normal(input, generator: &generator, requiresGrad: true)
            let w = Tensor.normal(weight, std: 0.03, generator: &generator, requiresGrad: true)
            let b = Tensor.normal([weight[0]], generator: &generator, requiresGrad: true)
            return ([x, w, b], { x.conv2d(weight: w, bias: b, stride: stride, padding: padding) })
        }
    }
}
