import Testing

@testable import MSLModel

/// `MSLFlops` against counts worked out by hand, layer by layer, and against the authors'-code note's
/// rounded estimates (`reference/msl-authors-code.md` §1.12).
@Suite struct MSLFlopsTests {
    /// The paper preset, each component written out as Cout·H·W·Cin·k² (convolutions),
    /// Cin·Hin·Win·Cout·k² (transposed convolutions) and tokens × in × out (linear layers).
    @Test func paperComponentsMatchHandCounts() {
        let flops = MSLFlops(.paper)
        // 7×7 1→64 at 384²; 4×4/2 64→128 to 192²; 4×4/2 128→256 to 96².
        #expect(flops.encoderMACs == 64 * 384 * 384 * 1 * 49 + 128 * 192 * 192 * 64 * 16 + 256 * 96 * 96 * 128 * 16)
        // 256 → 1024, kernel 4, 24² = 576 tokens.
        #expect(flops.patchEmbeddingMACs == 1024 * 576 * 256 * 16)
        // 2305 tokens of 1024: qkv to 3·512, q·kᵀ and attn·v over 8 heads of 64, out 512 → 1024, MLP 1024 ↔ 3072.
        let s = 2305
        #expect(flops.transformerBlockMACs == s * 1024 * 1536 + 2 * 8 * s * s * 64 + s * 512 * 1024 + 2 * s * 1024 * 3072)
        // ConvT 1024→512 from 24², ConvT 512→256 from 48².
        #expect(flops.upsamplingMACs == 1024 * 24 * 24 * 512 * 9 + 512 * 48 * 48 * 256 * 9)
        // Residual block 2 × 3×3 256→256 at 96²; ConvT 256→128 from 96²; ConvT 128→64 from 192²; 7×7 64→1 at
        // 384²; CIN 1×1 convolutions (shift and scale) 16→256, 16→128, 16→64 on one point; G_D 1→16.
        let decoder = 2 * 256 * 256 * 9 * 96 * 96 + 256 * 96 * 96 * 128 * 9 + 128 * 192 * 192 * 64 * 9
            + 64 * 49 * 384 * 384 + 2 * 16 * (256 + 128 + 64) + 16
        #expect(flops.decoderMACs(map: false) == decoder)
        // With a λ-map the CIN convolutions and G_D run per point of each CIN layer's grid.
        let perPoint = 2 * 16 * 256 * 96 * 96 + 2 * 16 * 128 * 192 * 192 + 2 * 16 * 64 * 384 * 384
            + 16 * (96 * 96 + 192 * 192 + 384 * 384)
        #expect(flops.decoderMACs(map: true) == decoder - 2 * 16 * (256 + 128 + 64) - 16 + perPoint)
    }

    /// The note's estimate per sample for the first training forward: encoders ≈ 20 G MAC, patch embedding
    /// ≈ 5 G, transformer ≈ 50 G, upsampling (fused and single-modality) ≈ 11 G, four decoder passes
    /// ≈ 67 G, ≈ 150 G in all.
    @Test func paperMatchesTheAuthorsNoteEstimates() {
        let flops = MSLFlops(.paper)
        func giga(_ macs: Int) -> Double { Double(macs) / 1e9 }
        func near(_ value: Double, _ estimate: Double, within fraction: Double) -> Bool {
            abs(value - estimate) <= fraction * estimate
        }
        #expect(near(giga(2 * flops.encoderMACs), 20, within: 0.03))
        #expect(near(giga(2 * flops.patchEmbeddingMACs), 5, within: 0.05))
        #expect(near(giga(2 * flops.transformerBlockMACs), 50, within: 0.02))
        #expect(near(giga(2 * flops.upsamplingMACs), 11, within: 0.02))
        #expect(near(giga(4 * flops.decoderMACs(map: false)), 67, within: 0.02))
        let firstForward = flops.tokensMACs + 2 * flops.upsamplingMACs + 4 * flops.decoderMACs(map: false)
        #expect(near(giga(firstForward), 150, within: 0.02), "\(giga(firstForward)) G MAC")
    }

    /// The benchmark cases as 2 × MACs, and the compact preset (128², 16→32→64, 257 tokens of 256).
    @Test func casesAndCompactPreset() {
        let compact = MSLFlops(.compact)
        #expect(compact.encoderMACs == 16 * 128 * 128 * 49 + 32 * 64 * 64 * 16 * 16 + 64 * 32 * 32 * 32 * 16)
        #expect(compact.patchEmbeddingMACs == 256 * 64 * 64 * 16)
        #expect(compact.transformerBlockMACs == 257 * 256 * 384 + 2 * 4 * 257 * 257 * 32 + 257 * 128 * 256 + 2 * 257 * 256 * 768)
        #expect(compact.upsamplingMACs == 256 * 8 * 8 * 128 * 9 + 128 * 16 * 16 * 64 * 9)
        let tokens = 2 * compact.encoderMACs + 2 * compact.patchEmbeddingMACs + 2 * compact.transformerBlockMACs
        #expect(compact.tokensMACs == tokens)
        #expect(compact.encodeFLOP == 2 * Double(tokens + compact.upsamplingMACs))
        let decoder = compact.decoderMACs(map: false)
        #expect(compact.decodeFLOP == 2 * Double(decoder))
        #expect(
            compact.trainingIterationFLOP(batch: 4)
                == 2 * 4 * (3 * Double(2 * tokens + 3 * compact.upsamplingMACs + 5 * decoder) + Double(compact.upsamplingMACs)))
        let mi = 128 * 128 * 32 * 32
        #expect(MSLFlops.mutualInformationMACs(pixels: 128 * 128, bins: 32) == mi)
        #expect(compact.lambdaMapStepFLOP(bins: 32) == 2 * (2 * Double(compact.decoderMACs(map: true)) + 4 * Double(mi)))
    }
}
