/// 2-D convolution (cross-correlation, as PyTorch `nn.Conv2d` with groups = 1, dilation = 1).
///
/// out[n, o, y, x] = bias[o] + Σ_{c, ki, kj} w[o, c, ki, kj] · in[n, c, y·s − p + ki, x·s − p + kj],
/// zero outside the image. Output size ⌊(H + 2p − kh)/s⌋ + 1. Forward is im2col + one GEMM per
/// band; backward is GEMM + col2im for the input and GEMM for the weights (Caffe's scheme).
/// Reflect padding is a separate `padded(_:mode:)` before a convolution with padding 0.
extension Tensor {
    /// Convolves an NCHW input with weights [out, in, kh, kw] and an optional bias [out].
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) -> Tensor {
        shapeCheck(rank == 4, "conv2d: input must be NCHW, got shape \(shape)")
        shapeCheck(weight.rank == 4, "conv2d: weight must be [out, in, kh, kw], got \(weight.shape)")
        shapeCheck(
            weight.shape[1] == shape[1],
            "conv2d: input has \(shape[1]) channels but weight \(weight.shape) expects \(weight.shape[1])")
        shapeCheck(stride >= 1 && padding >= 0, "conv2d: stride \(stride) and padding \(padding) invalid")
        if let bias {
            shapeCheck(bias.shape == [weight.shape[0]], "conv2d: bias \(bias.shape) for \(weight.shape[0]) outputs")
        }
        let (batch, height, width) = (shape[0], shape[2], shape[3])
        let (outChannels, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let outHeight = (height + 2 * padding - kh) / stride + 1
        let outWidth = (width + 2 * padding - kw) / stride + 1
        shapeCheck(
            height + 2 * padding >= kh && width + 2 * padding >= kw,
            "conv2d: kernel \(kh)×\(kw) larger than padded input \(shape) (padding \(padding))")
        let geometry = ConvolutionGeometry(
            channels: shape[1], imageHeight: height, imageWidth: width, kernelHeight: kh, kernelWidth: kw,
            stride: stride, padding: padding, columnHeight: outHeight, columnWidth: outWidth)

        let outPlane = outHeight * outWidth
        let input = self
        let winograd = WinogradConvolution.applies(kernelHeight: kh, kernelWidth: kw, stride: stride, padding: padding)
            ? WinogradConvolution(inChannels: shape[1], outChannels: outChannels, height: height, width: width, padding: padding)
            : nil
        // Every element is written: by Winograd, by the bias fill and a β = 1 GEMM, or by a β = 0
        // GEMM (bands cover disjoint columns).
        let storage = TensorStorage(uninitializedCount: batch * outChannels * outPlane)
        if let winograd {
            let u = WinogradConvolution.transformWeights(
                weight.pointer, outChannels: outChannels, inChannels: shape[1], source: .direct)
            for n in 0..<batch {
                winograd.run(
                    input: pointer + n * geometry.channels * geometry.imagePlane, transformedWeights: u.pointer,
                    output: storage.pointer + n * outChannels * outPlane, bias: bias?.pointer, accumulate: false)
            }
        } else {
            if let bias { fillChannels(storage.pointer, batch: batch, channels: outChannels, plane: outPlane, with: bias) }
            geometry.forEachBand(of: input, batch: batch) { n, band, columns, ldb in
                // out[n][:, band] += W[out, K] · columns[K, band]
                sgemm(
                    m: outChannels, n: band.count * outWidth, k: geometry.columnRows,
                    a: weight.pointer, lda: geometry.columnRows, b: columns, ldb: ldb, beta: bias == nil ? 0 : 1,
                    c: storage.pointer + n * outChannels * outPlane + band.lowerBound * outWidth, ldc: outPlane)
            }
        }

        let outShape = [batch, outChannels, outHeight, outWidth]
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        // Few output channels (the decoder's 7×7 64 → 1 output layer): the input gradient as a convolution
        // of dOut, whose column matrix has outChannels·k² rows instead of the input's channels·k².
        let inputGradientAsConvolution = winograd == nil
            && Self.inputGradientIsConvolution(inChannels: shape[1], outChannels: outChannels, kernel: (kh, kw),
                                               stride: stride, padding: padding)
        return Tensor.result(outShape, storage, operation: "conv2d", inputs: inputs) { g in
            let gradInput = input.requiresGrad ? Tensor(zeros: input.shape) : nil
            let gradWeight = weight.requiresGrad ? Tensor(zeros: weight.shape) : nil
            let bandBuffer = TensorStorage(uninitializedCount: geometry.columnRows * geometry.bandHeight * outWidth)
            let gradOut = g.pointer
            if let gradInput, inputGradientAsConvolution {
                g.convolutionInputGradient(weight: weight, padding: padding, into: gradInput, geometry: geometry)
            }
            geometry.forEachBand(of: input, batch: batch, gatherColumns: gradWeight != nil) { n, band, columns, ldb in
                let gradOutBand = gradOut + n * outChannels * outPlane + band.lowerBound * outWidth
                let bandWidth = band.count * outWidth
                if let gradWeight {
                    // dW[out, K] += dOut[out, band] · columns[K, band]ᵀ
                    sgemm(
                        transposeB: true, m: outChannels, n: geometry.columnRows, k: bandWidth,
                        a: gradOutBand, lda: outPlane, b: columns, ldb: ldb, beta: 1,
                        c: gradWeight.pointer, ldc: geometry.columnRows)
                }
                if let gradInput, winograd == nil, !inputGradientAsConvolution {
                    // dColumns[K, band] = Wᵀ[K, out] · dOut[out, band], then scatter into dInput.
                    let image = gradInput.pointer + n * geometry.channels * geometry.imagePlane
                    if geometry.isIdentity {
                        sgemm(
                            transposeA: true, m: geometry.columnRows, n: bandWidth, k: outChannels,
                            a: weight.pointer, lda: geometry.columnRows, b: gradOutBand, ldb: outPlane, beta: 1,
                            c: image + band.lowerBound * outWidth, ldc: geometry.imagePlane)
                    } else {
                        sgemm(
                            transposeA: true, m: geometry.columnRows, n: bandWidth, k: outChannels,
                            a: weight.pointer, lda: geometry.columnRows, b: gradOutBand, ldb: outPlane,
                            c: bandBuffer.pointer, ldc: bandWidth)
                        geometry.col2im(columns: bandBuffer.pointer, band: band, image: image)
                    }
                }
            }
            if let gradInput, winograd != nil {
                // dInput = dOut ⋆ W rotated by 180° with channels swapped, padded by 2 − p: again a
                // 3×3 stride-1 convolution, so Winograd serves the input gradient too.
                let backward = WinogradConvolution(
                    inChannels: outChannels, outChannels: geometry.channels, height: outHeight, width: outWidth,
                    padding: 2 - padding)
                let u = WinogradConvolution.transformWeights(
                    weight.pointer, outChannels: geometry.channels, inChannels: outChannels, source: .swappedAndRotated)
                for n in 0..<batch {
                    backward.run(
                        input: gradOut + n * outChannels * outPlane, transformedWeights: u.pointer,
                        output: gradInput.pointer + n * geometry.channels * geometry.imagePlane, bias: nil,
                        accumulate: false)
                }
            }
            let gradBias = bias.flatMap { $0.requiresGrad ? g.channelSums(batch: batch, channels: outChannels) : nil }
            return [gradInput, gradWeight, gradBias]
        }
    }

    /// Whether `conv2d`'s input gradient is computed as a forward convolution of dOut (stride 1, square
    /// kernel, padding < k, and at most a quarter as many output as input channels), rather than by
    /// GEMM + col2im over the input's column matrix: for a 64 → 1 7×7 layer that matrix has 3,136 rows per
    /// pixel to write and scatter back, the convolution's column matrix 49.
    static func inputGradientIsConvolution(
        inChannels: Int, outChannels: Int, kernel: (Int, Int), stride: Int, padding: Int
    ) -> Bool {
        stride == 1 && kernel.0 == kernel.1 && padding < kernel.0 && 4 * outChannels <= inChannels
    }

    /// dInput of a stride-1 convolution as a convolution: dIn[n, c] = Σ_o dOut[n, o] ⋆ rot180(W[o, c]), with
    /// dOut zero-padded by k − 1 − p (the adjoint of the forward's index map). `self` is dOut
    /// [batch, out, outH, outW]; `forward` is the forward convolution's geometry; the result is written into
    /// `gradInput` (overwritten).
    func convolutionInputGradient(weight: Tensor, padding: Int, into gradInput: Tensor, geometry forward: ConvolutionGeometry) {
        let (outChannels, inChannels, k) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let batch = shape[0]
        // W'[c, o, ki, kj] = W[o, c, k − 1 − ki, k − 1 − kj]
        let rotated = TensorStorage(uninitializedCount: weight.count)
        let area = k * k
        for o in 0..<outChannels {
            for c in 0..<inChannels {
                let source = weight.pointer + (o * inChannels + c) * area
                let destination = rotated.pointer + (c * outChannels + o) * area
                for i in 0..<area { destination[i] = source[area - 1 - i] }
            }
        }
        let geometry = ConvolutionGeometry(
            channels: outChannels, imageHeight: shape[2], imageWidth: shape[3], kernelHeight: k, kernelWidth: k,
            stride: 1, padding: k - 1 - padding, columnHeight: forward.imageHeight, columnWidth: forward.imageWidth)
        geometry.forEachBand(of: self, batch: batch) { n, band, columns, ldb in
            // dIn[n][:, band] = W'[in, out·k²] · columns[out·k², band]
            sgemm(
                m: inChannels, n: band.count * geometry.columnWidth, k: geometry.columnRows,
                a: rotated.pointer, lda: geometry.columnRows, b: columns, ldb: ldb,
                c: gradInput.pointer + n * inChannels * forward.imagePlane + band.lowerBound * geometry.columnWidth,
                ldc: forward.imagePlane)
        }
    }

    /// Σ over batch and pixels of each channel of an NCHW tensor: the gradient of a per-channel bias.
    func channelSums(batch: Int, channels: Int) -> Tensor {
        let plane = count / max(1, batch * channels)
        let result = Tensor(zeros: [channels])
        let source = pointer
        let destination = result.pointer
        parallelFor(channels) { range in
            for c in range {
                var total: Float = 0
                for n in 0..<batch {
                    let p = source + (n * channels + c) * plane
                    for i in 0..<plane { total += p[i] }
                }
                destination[c] = total
            }
        }
        return result
    }
}

/// Writes bias[c] into every pixel of channel c of an NCHW buffer.
func fillChannels(_ destination: UnsafeMutablePointer<Float>, batch: Int, channels: Int, plane: Int, with bias: Tensor) {
    parallelFor(batch * channels) { range in
        for index in range {
            (destination + index * plane).update(repeating: bias.pointer[index % channels], count: plane)
        }
    }
}

extension ConvolutionGeometry {
    /// Calls `body(n, band, columns, ldColumns)` for every image n of an NCHW `image` tensor and
    /// every band of column rows, with `columns` holding that band's column matrix (row stride
    /// `ldColumns`). For an identity geometry the columns are the image itself, uncopied. With
    /// `gatherColumns` false the column matrix is not filled (the caller does not read it).
    func forEachBand(
        of image: Tensor, batch: Int, gatherColumns: Bool = true,
        _ body: (Int, Range<Int>, UnsafePointer<Float>, Int) -> Void
    ) {
        let buffer = isIdentity || !gatherColumns ? nil : TensorStorage(uninitializedCount: columnRows * bandHeight * columnWidth)
        for n in 0..<batch {
            let plane = image.pointer + n * channels * imagePlane
            for band in bands {
                if isIdentity {
                    body(n, band, plane + band.lowerBound * columnWidth, imagePlane)
                } else if let buffer {
                    im2col(image: plane, band: band, columns: buffer.pointer)
                    body(n, band, buffer.pointer, band.count * columnWidth)
                } else {
                    body(n, band, plane, 0)
                }
            }
        }
    }
}
