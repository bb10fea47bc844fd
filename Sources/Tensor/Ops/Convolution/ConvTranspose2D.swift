/// 2-D transposed convolution, as PyTorch `nn.ConvTranspose2d` (groups = 1, dilation = 1).
///
/// Each input pixel scatters its kernel-weighted values: out[n, o, i·s − p + ki, j·s − p + kj] +=
/// in[n, c, i, j] · w[c, o, ki, kj], plus bias[o]. Output size (H − 1)·s − 2p + kh + output_padding;
/// output_padding (< stride) only adds rows/columns at the bottom/right. This is exactly the
/// input-gradient pass of `conv2d` with the same geometry, so it reuses im2col/col2im with the
/// roles swapped: forward is GEMM + col2im, backward is im2col + GEMM.
extension Tensor {
    /// Transposed convolution of an NCHW input with weights [in, out, kh, kw] and optional bias [out].
    public func convTranspose2d(
        weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0
    ) -> Tensor {
        shapeCheck(rank == 4, "convTranspose2d: input must be NCHW, got shape \(shape)")
        shapeCheck(weight.rank == 4, "convTranspose2d: weight must be [in, out, kh, kw], got \(weight.shape)")
        shapeCheck(
            weight.shape[0] == shape[1],
            "convTranspose2d: input has \(shape[1]) channels but weight \(weight.shape) expects \(weight.shape[0])")
        shapeCheck(
            stride >= 1 && padding >= 0 && outputPadding >= 0 && outputPadding < stride,
            "convTranspose2d: need stride ≥ 1, padding ≥ 0, 0 ≤ output_padding < stride; got \(stride), \(padding), \(outputPadding)")
        if let bias {
            shapeCheck(
                bias.shape == [weight.shape[1]], "convTranspose2d: bias \(bias.shape) for \(weight.shape[1]) outputs")
        }
        let (batch, inChannels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let (outChannels, kh, kw) = (weight.shape[1], weight.shape[2], weight.shape[3])
        let outHeight = (height - 1) * stride - 2 * padding + kh + outputPadding
        let outWidth = (width - 1) * stride - 2 * padding + kw + outputPadding
        shapeCheck(outHeight > 0 && outWidth > 0, "convTranspose2d: empty output for input \(shape)")
        // The image side is the output; the column side is the input's pixel grid.
        let geometry = ConvolutionGeometry(
            channels: outChannels, imageHeight: outHeight, imageWidth: outWidth, kernelHeight: kh, kernelWidth: kw,
            stride: stride, padding: padding, columnHeight: height, columnWidth: width)
        let inPlane = height * width
        let outPlane = outHeight * outWidth
        let rows = geometry.columnRows  // out·kh·kw

        // col2im accumulates, so the output starts as the bias or as zeros.
        let storage: TensorStorage
        if let bias {
            storage = TensorStorage(uninitializedCount: batch * outChannels * outPlane)
            fillChannels(storage.pointer, batch: batch, channels: outChannels, plane: outPlane, with: bias)
        } else {
            storage = TensorStorage(count: batch * outChannels * outPlane)
        }
        let columns = TensorStorage(uninitializedCount: rows * geometry.bandHeight * width)
        for n in 0..<batch {
            let image = storage.pointer + n * outChannels * outPlane
            for band in geometry.bands {
                // columns[out·k·k, band] = Wᵀ · in[n][:, band], W viewed as [in, out·k·k]
                let bandWidth = band.count * width
                sgemm(
                    transposeA: true, m: rows, n: bandWidth, k: inChannels,
                    a: weight.pointer, lda: rows,
                    b: pointer + n * inChannels * inPlane + band.lowerBound * width, ldb: inPlane,
                    c: columns.pointer, ldc: bandWidth)
                geometry.col2im(columns: columns.pointer, band: band, image: image)
            }
        }

        let input = self
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        let outShape = [batch, outChannels, outHeight, outWidth]
        return Tensor.result(outShape, storage, operation: "convTranspose2d", inputs: inputs) { g in
            let gradInput = input.requiresGrad ? Tensor(zeros: input.shape) : nil
            let gradWeight = weight.requiresGrad ? Tensor(zeros: weight.shape) : nil
            geometry.forEachBand(of: g, batch: batch) { n, band, gradColumns, ldColumns in
                let bandWidth = band.count * width
                if let gradInput {
                    // dIn[n][:, band] = W[in, out·k·k] · im2col(dOut)[out·k·k, band]
                    sgemm(
                        m: inChannels, n: bandWidth, k: rows, a: weight.pointer, lda: rows,
                        b: gradColumns, ldb: ldColumns,
                        c: gradInput.pointer + n * inChannels * inPlane + band.lowerBound * width, ldc: inPlane)
                }
                if let gradWeight {
                    // dW[in, out·k·k] += in[n][:, band] · im2col(dOut)[out·k·k, band]ᵀ
                    sgemm(
                        transposeB: true, m: inChannels, n: rows, k: bandWidth,
                        a: input.pointer + n * inChannels * inPlane + band.lowerBound * width, lda: inPlane,
                        b: gradColumns, ldb: ldColumns, beta: 1, c: gradWeight.pointer, ldc: rows)
                }
            }
            let gradBias = bias.flatMap { $0.requiresGrad ? g.channelSums(batch: batch, channels: outChannels) : nil }
            return [gradInput, gradWeight, gradBias]
        }
    }
}
