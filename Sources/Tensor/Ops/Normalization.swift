/// Normalisation layers' arithmetic: instance, layer, batch and conditional instance norm.
///
/// All share one statistic: x̂ = (x − μ)/√(σ² + ε) over a set of D elements, with σ² = Σ(x − μ)²/D
/// (biased, PyTorch's normalisation) or /(D − 1) (unbiased, the authors' CondInstanceNorm).
/// Its backward rule, with r = 1/√(σ² + ε) and D' the variance divisor, is
///   ∂L/∂x = r · (g − mean(g) − x̂ · Σ(g ⊙ x̂) / D').
extension Tensor {
    /// Normalises each contiguous run of `rowLength` elements (instance norm over H·W, layer norm
    /// over the last dimension). Result has this tensor's shape.
    func normalizedRows(rowLength: Int, unbiased: Bool, epsilon: Float) -> Tensor {
        shapeCheck(rowLength > 0 && count % rowLength == 0, "normalize: \(shape) is not rows of \(rowLength)")
        shapeCheck(!unbiased || rowLength > 1, "normalize: unbiased variance needs more than one element per row")
        let rows = count / rowLength
        let divisor = Float(unbiased ? rowLength - 1 : rowLength)
        let storage = TensorStorage(count: count)
        let inverseStd = TensorStorage(count: rows)
        let x = pointer
        let y = storage.pointer
        let r = inverseStd.pointer
        parallelFor(rows, grain: Swift.max(1, 4096 / rowLength)) { range in
            for row in range {
                let xs = x + row * rowLength
                let ys = y + row * rowLength
                var sum = 0.0
                for i in 0..<rowLength { sum += Double(xs[i]) }
                let mean = Float(sum / Double(rowLength))
                var squares = 0.0
                for i in 0..<rowLength {
                    let d = Double(xs[i] - mean)
                    squares += d * d
                }
                let scale = 1 / (Float(squares) / divisor + epsilon).squareRoot()
                r[row] = scale
                for i in 0..<rowLength { ys[i] = (xs[i] - mean) * scale }
            }
        }
        // The rule reads x̂ and r: it captures their storage so both outlive this call.
        return Tensor.result(shape, storage, operation: "normalize", inputs: [self]) { [shape, storage, inverseStd] g in
            let (y, r) = (storage.pointer, inverseStd.pointer)
            let gradient = Tensor(zeros: shape)
            let gx = gradient.pointer
            let gy = g.pointer
            parallelFor(rows, grain: Swift.max(1, 4096 / rowLength)) { range in
                for row in range {
                    let offset = row * rowLength
                    var sumG = 0.0
                    var sumGX = 0.0
                    for i in offset..<(offset + rowLength) {
                        sumG += Double(gy[i])
                        sumGX += Double(gy[i]) * Double(y[i])
                    }
                    let meanG = Float(sumG / Double(rowLength))
                    let projection = Float(sumGX) / divisor
                    for i in offset..<(offset + rowLength) {
                        gx[i] = r[row] * (gy[i] - meanG - y[i] * projection)
                    }
                }
            }
            return [gradient]
        }
    }

    /// Instance normalisation of an NCHW tensor: each (n, c) plane to zero mean and unit variance,
    /// then optionally x̂·weight[c] + bias[c]. PyTorch `InstanceNorm2d` (biased, ε = 1e-5) when
    /// `unbiased` is false; the authors' `CondInstanceNorm` statistics when true.
    public func instanceNorm(
        weight: Tensor? = nil, bias: Tensor? = nil, unbiased: Bool = false, epsilon: Float = 1e-5
    ) -> Tensor {
        shapeCheck(rank == 4, "instanceNorm: input must be NCHW, got \(shape)")
        let normalized = normalizedRows(rowLength: shape[2] * shape[3], unbiased: unbiased, epsilon: epsilon)
        return normalized.applyingChannelAffine(weight: weight, bias: bias, channels: shape[1])
    }

    /// Layer normalisation over the last dimension, then x̂·weight + bias (PyTorch `LayerNorm`,
    /// biased variance, ε = 1e-5).
    public func layerNorm(weight: Tensor? = nil, bias: Tensor? = nil, epsilon: Float = 1e-5) -> Tensor {
        let features = shape.last ?? 1
        var y = normalizedRows(rowLength: features, unbiased: false, epsilon: epsilon)
        if let weight { y = y * weight }
        if let bias { y = y + bias }
        return y
    }

    /// Conditional instance normalisation: instanceNorm(x)·γ + β with γ and β given per sample and
    /// channel ([N, C, 1, 1]) or per pixel ([N, C, H, W]), broadcast as usual. The authors' CIN
    /// uses unbiased variance (`reference/msl-authors-code.md` §1.9), the default here.
    public func conditionalInstanceNorm(
        gamma: Tensor, beta: Tensor, unbiased: Bool = true, epsilon: Float = 1e-5
    ) -> Tensor {
        instanceNorm(unbiased: unbiased, epsilon: epsilon) * gamma + beta
    }

    /// x̂·weight[c] + bias[c] for an NCHW tensor with `channels` channels.
    func applyingChannelAffine(weight: Tensor?, bias: Tensor?, channels: Int) -> Tensor {
        var y = self
        if let weight {
            shapeCheck(weight.shape == [channels], "affine: weight \(weight.shape) for \(channels) channels")
            y = y * weight.reshaped([1, channels, 1, 1])
        }
        if let bias {
            shapeCheck(bias.shape == [channels], "affine: bias \(bias.shape) for \(channels) channels")
            y = y + bias.reshaped([1, channels, 1, 1])
        }
        return y
    }
}
