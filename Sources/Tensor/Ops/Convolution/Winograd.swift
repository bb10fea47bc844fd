/// 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, 2016).
///
/// Each 2×2 output tile comes from a 4×4 input tile d and a 3×3 kernel g as
///   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
/// with Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
/// Aᵀ = [1 1 1 0; 0 1 −1 −1]. Summed over input channels, the 16 elementwise products become
/// 16 GEMMs M_ξ[out, tiles] = U_ξ[out, in] · V_ξ[in, tiles]: 16·4 = 64 multiplies per tile and
/// channel pair instead of 9·4 = 36·… i.e. 2.25× fewer than direct convolution, all in sgemm.
/// Tiles are processed in chunks so that V and M stay a few MB.
struct WinogradConvolution {
    let inChannels: Int
    let outChannels: Int
    let height: Int
    let width: Int
    let padding: Int

    var outHeight: Int { height + 2 * padding - 2 }
    var outWidth: Int { width + 2 * padding - 2 }
    var tilesDown: Int { (outHeight + 1) / 2 }
    var tilesAcross: Int { (outWidth + 1) / 2 }

    /// Distance between consecutive ξ planes of V and M: the plane size rounded up to a multiple
    /// of 1024 floats (4 KiB) plus one cache line. Each tile touches all 16 planes; with a
    /// power-of-two stride those 16 addresses fall into one L1 set and evict each other.
    static func planeStride(_ size: Int) -> Int {
        (size + 1023) / 1024 * 1024 + 16
    }

    /// Whether a convolution can take this path.
    static func applies(kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int) -> Bool {
        kernelHeight == 3 && kernelWidth == 3 && stride == 1 && padding <= 2
    }

    /// Which 3×3 kernel of a weight tensor feeds output channel o from input channel c.
    enum KernelSource {
        /// Conv2d weights [out, in, 3, 3], used as they are (the forward pass).
        case direct
        /// The same weights read as the input-gradient pass needs them: channels swapped and the
        /// kernel rotated by 180°, g(o, c)[k] = w[c, o, 8 − k].
        case swappedAndRotated
    }

    /// U_ξ[o][c] = (G g Gᵀ)_ξ for the kernels of `weights` picked by `source`, laid out
    /// [16][out][in]; reading through `source` avoids copying the weights first.
    static func transformWeights(
        _ weights: UnsafePointer<Float>, outChannels: Int, inChannels: Int, source: KernelSource
    ) -> TensorStorage {
        let storage = TensorStorage(uninitializedCount: 16 * outChannels * inChannels)
        let u = storage.pointer
        let plane = outChannels * inChannels
        parallelFor(outChannels) { range in
            for o in range {
                for c in 0..<inChannels {
                    let (kernel, flipped) = source == .direct
                        ? (weights + (o * inChannels + c) * 9, false) : (weights + (c * outChannels + o) * 9, true)
                    func g(_ k: Int) -> Float { kernel[flipped ? 8 - k : k] }
                    // Columns of G g (4×3) as SIMD4 over its rows, then each row of (G g) Gᵀ.
                    var columns = (SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>())
                    for j in 0..<3 {
                        let (g0, g1, g2) = (g(j), g(3 + j), g(6 + j))
                        let column = SIMD4(g0, 0.5 * (g0 + g1 + g2), 0.5 * (g0 - g1 + g2), g2)
                        switch j {
                        case 0: columns.0 = column
                        case 1: columns.1 = column
                        default: columns.2 = column
                        }
                    }
                    let (a0, a1, a2) = columns
                    let transformed = (a0, 0.5 * (a0 + a1 + a2), 0.5 * (a0 - a1 + a2), a2)  // columns of U
                    let base = o * inChannels + c
                    for i in 0..<4 {
                        u[(4 * i) * plane + base] = transformed.0[i]
                        u[(4 * i + 1) * plane + base] = transformed.1[i]
                        u[(4 * i + 2) * plane + base] = transformed.2[i]
                        u[(4 * i + 3) * plane + base] = transformed.3[i]
                    }
                }
            }
        }
        return storage
    }

    /// out[o] (+)= conv(input, kernels) for one image: input [in, H, W], out [out, H', W'].
    /// With `accumulate` the result is added to `output`, otherwise it overwrites it; `bias`
    /// (per output channel) is added when given.
    func run(
        input: UnsafePointer<Float>, transformedWeights u: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, accumulate: Bool
    ) {
        let tiles = tilesDown * tilesAcross
        let chunk = Swift.max(1, Swift.min(tiles, (2 << 20) / (16 * Swift.max(inChannels, outChannels))))
        let v = TensorStorage(uninitializedCount: 16 * Self.planeStride(inChannels * chunk))
        let m = TensorStorage(uninitializedCount: 16 * Self.planeStride(outChannels * chunk))
        var first = 0
        while first < tiles {
            let count = Swift.min(chunk, tiles - first)
            transformInput(input, tiles: first..<(first + count), into: v.pointer, stride: count)
            for xi in 0..<16 {
                sgemm(
                    m: outChannels, n: count, k: inChannels,
                    a: u + xi * outChannels * inChannels, lda: inChannels,
                    b: v.pointer + xi * Self.planeStride(inChannels * count), ldb: count,
                    c: m.pointer + xi * Self.planeStride(outChannels * count), ldc: count)
            }
            transformOutput(m.pointer, tiles: first..<(first + count), stride: count, into: output, bias: bias, accumulate: accumulate)
            first += count
        }
    }

    /// V_ξ[c][t] = (Bᵀ d B)_ξ for the 4×4 input tile d of every tile t in `tiles` (zero outside).
    private func transformInput(
        _ input: UnsafePointer<Float>, tiles: Range<Int>, into v: UnsafeMutablePointer<Float>, stride: Int
    ) {
        let plane = Self.planeStride(inChannels * stride)
        parallelFor(inChannels) { channels in
            for c in channels {
                let image = input + c * height * width
                var (ty, tx) = tiles.lowerBound.quotientAndRemainder(dividingBy: tilesAcross)
                let destination = v + c * stride
                for slot in 0..<tiles.count {
                    let y0 = 2 * ty - padding
                    let x0 = 2 * tx - padding
                    let d: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)
                    if y0 >= 0 && y0 + 3 < height && x0 >= 0 && x0 + 3 < width {
                        let r = UnsafeRawPointer(image + y0 * width + x0)
                        let rowBytes = width * 4
                        d = (r.loadUnaligned(as: SIMD4<Float>.self),
                             r.loadUnaligned(fromByteOffset: rowBytes, as: SIMD4<Float>.self),
                             r.loadUnaligned(fromByteOffset: 2 * rowBytes, as: SIMD4<Float>.self),
                             r.loadUnaligned(fromByteOffset: 3 * rowBytes, as: SIMD4<Float>.self))
                    } else {
                        d = (edgeRow(image, y0, x0), edgeRow(image, y0 + 1, x0), edgeRow(image, y0 + 2, x0),
                             edgeRow(image, y0 + 3, x0))
                    }
                    // Bᵀ d combines rows; multiplying by B combines the columns of each result row.
                    let rows = (d.0 - d.2, d.1 + d.2, d.2 - d.1, d.1 - d.3)
                    let out = destination + slot
                    out[0] = rows.0[0] - rows.0[2]
                    out[plane] = rows.0[1] + rows.0[2]
                    out[2 * plane] = rows.0[2] - rows.0[1]
                    out[3 * plane] = rows.0[1] - rows.0[3]
                    out[4 * plane] = rows.1[0] - rows.1[2]
                    out[5 * plane] = rows.1[1] + rows.1[2]
                    out[6 * plane] = rows.1[2] - rows.1[1]
                    out[7 * plane] = rows.1[1] - rows.1[3]
                    out[8 * plane] = rows.2[0] - rows.2[2]
                    out[9 * plane] = rows.2[1] + rows.2[2]
                    out[10 * plane] = rows.2[2] - rows.2[1]
                    out[11 * plane] = rows.2[1] - rows.2[3]
                    out[12 * plane] = rows.3[0] - rows.3[2]
                    out[13 * plane] = rows.3[1] + rows.3[2]
                    out[14 * plane] = rows.3[2] - rows.3[1]
                    out[15 * plane] = rows.3[1] - rows.3[3]
                    tx += 1
                    if tx == tilesAcross { (ty, tx) = (ty + 1, 0) }
                }
            }
        }
    }

    /// Four pixels of row y from column x0, zero outside the image (edge tiles only).
    @inline(__always)
    private func edgeRow(_ image: UnsafePointer<Float>, _ y: Int, _ x0: Int) -> SIMD4<Float> {
        var values = SIMD4<Float>()
        guard y >= 0 && y < height else { return values }
        for j in 0..<4 where x0 + j >= 0 && x0 + j < width { values[j] = image[y * width + x0 + j] }
        return values
    }

    /// Y = Aᵀ m A for every tile, written (or added) into the output image, cropped at odd edges.
    private func transformOutput(
        _ m: UnsafePointer<Float>, tiles: Range<Int>, stride: Int, into output: UnsafeMutablePointer<Float>,
        bias: UnsafePointer<Float>?, accumulate: Bool
    ) {
        let plane = Self.planeStride(outChannels * stride)
        parallelFor(outChannels) { channels in
            for o in channels {
                let image = output + o * outHeight * outWidth
                let b = bias.map { $0[o] } ?? 0
                var (ty, tx) = tiles.lowerBound.quotientAndRemainder(dividingBy: tilesAcross)
                for slot in 0..<tiles.count {
                    defer {
                        tx += 1
                        if tx == tilesAcross { (ty, tx) = (ty + 1, 0) }
                    }
                    let offset = o * stride + slot
                    func row(_ i: Int) -> SIMD4<Float> {
                        SIMD4(m[(4 * i) * plane + offset], m[(4 * i + 1) * plane + offset],
                              m[(4 * i + 2) * plane + offset], m[(4 * i + 3) * plane + offset])
                    }
                    let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3))
                    let top = r0 + r1 + r2
                    let bottom = r1 - r2 - r3
                    func write(_ oy: Int, _ ox: Int, _ value: Float) {
                        guard oy < outHeight && ox < outWidth else { return }
                        let index = oy * outWidth + ox
                        image[index] = (accumulate ? image[index] : 0) + value + b
                    }
                    let (oy, ox) = (2 * ty, 2 * tx)
                    write(oy, ox, top[0] + top[1] + top[2])
                    write(oy, ox + 1, top[1] - top[2] - top[3])
                    write(oy + 1, ox, bottom[0] + bottom[1] + bottom[2])
                    write(oy + 1, ox + 1, bottom[1] - bottom[2] - bottom[3])
                }
            }
        }
    }
}
