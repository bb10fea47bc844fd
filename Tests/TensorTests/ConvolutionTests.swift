import Testing

@testable import Tensor

@Suite struct ConvolutionTests {
    // MARK: - Golden values from the numpy reference (Fixtures/make_golden.py)

    @Test(arguments: ["conv2d_s2_p1", "conv2d_reflect7", "conv2d_reflect4_s2"])
    func conv2dMatchesReference(name: String) throws {
        let fixture = try Fixture(name)
        let (x, weight, bias) = (fixture["x"], fixture["weight"], fixture["bias"])
        let stride = fixture.int("stride")
        let padding = fixture.int("padding")
        let out: Tensor
        if fixture.metadata["padding_mode"] == "reflect" {
            out = x.padded(padding, mode: .reflect).conv2d(weight: weight, bias: bias, stride: stride)
        } else {
            out = x.conv2d(weight: weight, bias: bias, stride: stride, padding: padding)
        }
        fixture.checkForwardAndGradients(out, inputs: ["x": x, "weight": weight, "bias": bias])
    }

    @Test(arguments: ["conv_transpose2d", "conv_transpose2d_k4"])
    func convTransposeMatchesReference(name: String) throws {
        let fixture = try Fixture(name)
        let (x, weight, bias) = (fixture["x"], fixture["weight"], fixture["bias"])
        let out = x.convTranspose2d(
            weight: weight, bias: bias, stride: fixture.int("stride"), padding: fixture.int("padding"),
            outputPadding: fixture.int("output_padding"))
        fixture.checkForwardAndGradients(out, inputs: ["x": x, "weight": weight, "bias": bias])
    }

    // MARK: - Finite-difference gradients over a table of geometries

    struct Case: Sendable, CustomTestStringConvertible {
        let input: [Int]
        let weight: [Int]
        let stride: Int
        let padding: Int
        var testDescription: String { "in \(input) w \(weight) s\(stride) p\(padding)" }
    }

    @Test(arguments: [
        Case(input: [2, 3, 7, 6], weight: [4, 3, 3, 3], stride: 1, padding: 1),
        Case(input: [1, 2, 9, 9], weight: [3, 2, 4, 4], stride: 2, padding: 1),
        Case(input: [2, 3, 5, 5], weight: [2, 3, 1, 1], stride: 1, padding: 0),  // identity columns
        Case(input: [1, 1, 8, 8], weight: [2, 1, 4, 4], stride: 4, padding: 0),  // patch embedding
        Case(input: [1, 2, 6, 5], weight: [2, 2, 3, 2], stride: 2, padding: 2),  // non-square kernel
        Case(input: [1, 2, 4, 44], weight: [2, 2, 4, 4], stride: 2, padding: 1),  // rows wide enough for SIMD
        // Few output channels: the input gradient is itself a convolution (the decoder's output layer).
        Case(input: [2, 8, 9, 8], weight: [1, 8, 5, 5], stride: 1, padding: 0),
        Case(input: [1, 8, 7, 6], weight: [2, 8, 5, 5], stride: 1, padding: 2),
    ])
    func conv2dGradients(_ c: Case) {
        let x = randomTensor(c.input, seed: 1)
        let w = randomTensor(c.weight, seed: 2, scale: 0.3)
        let b = randomTensor([c.weight[0]], seed: 3)
        checkGradient(of: [x, w, b]) { x.conv2d(weight: w, bias: b, stride: c.stride, padding: c.padding) }
    }

    /// The input gradient alone (weights frozen, as in λ-map optimisation), on both input-gradient paths.
    @Test(arguments: [
        Case(input: [2, 8, 9, 8], weight: [1, 8, 5, 5], stride: 1, padding: 0),
        Case(input: [1, 8, 7, 6], weight: [2, 8, 5, 5], stride: 1, padding: 2),
        Case(input: [1, 2, 9, 9], weight: [3, 2, 4, 4], stride: 2, padding: 1),
    ])
    func conv2dInputGradientWithFrozenWeights(_ c: Case) {
        let x = randomTensor(c.input, seed: 4)
        let w = randomTensor(c.weight, seed: 5, scale: 0.3)
        checkGradient(of: [x]) { x.conv2d(weight: w, stride: c.stride, padding: c.padding) }
        #expect(w.grad == nil)
    }

    @Test(arguments: [
        Case(input: [2, 3, 4, 5], weight: [3, 2, 3, 3], stride: 2, padding: 1),
        Case(input: [1, 2, 3, 3], weight: [2, 3, 4, 4], stride: 2, padding: 1),
        Case(input: [1, 2, 4, 4], weight: [2, 2, 1, 1], stride: 1, padding: 0),
        Case(input: [1, 2, 3, 23], weight: [2, 2, 3, 3], stride: 2, padding: 1),  // rows wide enough for SIMD
    ])
    func convTransposeGradients(_ c: Case) {
        let x = randomTensor(c.input, seed: 4)
        let w = randomTensor(c.weight, seed: 5, scale: 0.3)
        let b = randomTensor([c.weight[1]], seed: 6)
        checkGradient(of: [x, w, b]) {
            x.convTranspose2d(weight: w, bias: b, stride: c.stride, padding: c.padding, outputPadding: c.stride - 1)
        }
    }

    /// Wide stride-2 layers against a direct sum over the definition, so the vectorised gather
    /// (conv) and scatter (transposed conv) run on many full vectors and their tails.
    @Test func wideStrideTwoLayersMatchTheDefinition() {
        let x = randomTensor([1, 3, 5, 50], seed: 12)
        let w = randomTensor([2, 3, 4, 4], seed: 13)
        let y = x.conv2d(weight: w, stride: 2, padding: 1)
        #expect(y.shape == [1, 2, 2, 25])
        for o in 0..<2 { for oy in 0..<2 { for ox in 0..<25 {
            var expected: Float = 0
            for c in 0..<3 { for ki in 0..<4 { for kj in 0..<4 {
                let (iy, ix) = (oy * 2 - 1 + ki, ox * 2 - 1 + kj)
                guard iy >= 0, iy < 5, ix >= 0, ix < 50 else { continue }
                expected += w.pointer[((o * 3 + c) * 4 + ki) * 4 + kj] * x.pointer[(c * 5 + iy) * 50 + ix]
            } } }
            #expect(Swift.abs(y.pointer[(o * 2 + oy) * 25 + ox] - expected) <= 1e-4 * max(1, Swift.abs(expected)))
        } } }

        let t = randomTensor([1, 3, 2, 30], seed: 14)
        let tw = randomTensor([3, 2, 3, 3], seed: 15)
        let z = t.convTranspose2d(weight: tw, stride: 2, padding: 1, outputPadding: 1)
        #expect(z.shape == [1, 2, 4, 60])
        var expected = [Float](repeating: 0, count: 2 * 4 * 60)
        for c in 0..<3 { for i in 0..<2 { for j in 0..<30 { for o in 0..<2 { for ki in 0..<3 { for kj in 0..<3 {
            let (y, x) = (i * 2 - 1 + ki, j * 2 - 1 + kj)
            guard y >= 0, y < 4, x >= 0, x < 60 else { continue }
            expected[(o * 4 + y) * 60 + x] += t.pointer[(c * 2 + i) * 30 + j] * tw.pointer[((c * 2 + o) * 3 + ki) * 3 + kj]
        } } } } } }
        expectClose(z, Tensor(shape: [1, 2, 4, 60], values: expected), rtol: 1e-4, atol: 1e-5, "transposed conv")
    }

    @Test func paddingGradients() {
        let x = randomTensor([2, 2, 4, 5], seed: 7)
        checkGradient(of: [x]) { x.padded(top: 3, bottom: 1, left: 2, right: 4, mode: .reflect) }
        checkGradient(of: [x]) { x.padded(2, mode: .zero) }
    }

    @Test func reflectPaddingMirrorsWithoutTheEdge() {
        let x = Tensor(shape: [1, 1, 1, 4], values: [1, 2, 3, 4])
        let y = x.padded(top: 0, bottom: 0, left: 2, right: 3, mode: .reflect)
        #expect(y.values == [3, 2, 1, 2, 3, 4, 3, 2, 1])
    }

    /// Splitting the column matrix into bands must not change results: a tall image forces
    /// several bands (2 M floats per band / (18 rows · 161 columns) ≈ 723 rows). The 3×2 kernel
    /// keeps this on the im2col path (3×3 stride 1 goes to Winograd).
    @Test func bandedConvolutionEqualsOneBand() {
        let x = randomTensor([1, 3, 3000, 160], seed: 8)
        let w = randomTensor([2, 3, 3, 2], seed: 9)
        let geometry = ConvolutionGeometry(
            channels: 3, imageHeight: 3000, imageWidth: 160, kernelHeight: 3, kernelWidth: 2,
            stride: 1, padding: 1, columnHeight: 3000, columnWidth: 161)
        #expect(geometry.bands.count > 1)
        let y = x.conv2d(weight: w, padding: 1)
        #expect(y.shape == [1, 2, 3000, 161])
        // Direct evaluation at pixels on both sides of a band boundary and at the corners.
        for (oy, ox) in [(geometry.bandHeight - 1, 5), (geometry.bandHeight, 7), (0, 0), (2999, 160)] {
            for o in 0..<2 {
                var expected: Float = 0
                for c in 0..<3 { for ki in 0..<3 { for kj in 0..<2 {
                    let iy = oy - 1 + ki
                    let ix = ox - 1 + kj
                    guard iy >= 0, iy < 3000, ix >= 0, ix < 160 else { continue }
                    expected += w.pointer[((o * 3 + c) * 3 + ki) * 2 + kj] * x.pointer[(c * 3000 + iy) * 160 + ix]
                } } }
                let actual = y.pointer[(o * 3000 + oy) * 161 + ox]
                #expect(Swift.abs(actual - expected) <= 1e-4 * max(1, Swift.abs(expected)))
            }
        }
    }

    /// Winograd F(2×2, 3×3) against im2col on the same data: odd and even sizes (partial edge
    /// tiles), every padding it accepts, several channels, forward and both gradients.
    @Test(arguments: [(7, 6, 0), (8, 9, 1), (5, 5, 2), (12, 11, 1)])
    func winogradAgreesWithIm2col(height: Int, width: Int, padding: Int) {
        let x = randomTensor([2, 5, height, width], seed: 16)
        let w = randomTensor([4, 5, 3, 3], seed: 17, scale: 0.3)
        let b = randomTensor([4], seed: 18)
        #expect(WinogradConvolution.applies(kernelHeight: 3, kernelWidth: 3, stride: 1, padding: padding))
        let y = x.conv2d(weight: w, bias: b, padding: padding)
        // The same convolution through im2col: pad explicitly with zeros and use a 3×3 kernel
        // embedded in a 4×4 one (zero last row and column), which Winograd does not take.
        let wide = Tensor(zeros: [4, 5, 4, 4])
        for i in 0..<(4 * 5) { for r in 0..<3 { for c in 0..<3 { wide.pointer[i * 16 + r * 4 + c] = w.pointer[i * 9 + r * 3 + c] } } }
        let reference = x.padded(top: padding, bottom: padding + 1, left: padding, right: padding + 1, mode: .zero)
            .conv2d(weight: wide, bias: b)
        expectClose(y, reference, rtol: 1e-4, atol: 1e-5, "winograd forward")
        checkGradient(of: [x, w, b]) { x.conv2d(weight: w, bias: b, padding: padding) }
    }
}
