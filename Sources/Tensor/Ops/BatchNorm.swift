/// Batch normalisation (PyTorch `F.batch_norm` for NCHW input).
extension Tensor {
    /// Normalises each channel of an NCHW tensor, then applies x̂·weight[c] + bias[c].
    ///
    /// - Training: statistics over (N, H, W) with biased variance; the running statistics are
    ///   updated in place, outside autodiff, as running ← (1 − momentum)·running + momentum·batch,
    ///   using the **unbiased** batch variance for `runningVariance` (PyTorch's rule).
    /// - Evaluation: x̂ = (x − runningMean)/√(runningVariance + ε); the statistics are constants.
    public func batchNorm(
        runningMean: Tensor, runningVariance: Tensor, weight: Tensor? = nil, bias: Tensor? = nil,
        training: Bool, momentum: Float = 0.1, epsilon: Float = 1e-5
    ) -> Tensor {
        shapeCheck(rank == 4, "batchNorm: input must be NCHW, got \(shape)")
        let channels = shape[1]
        shapeCheck(
            runningMean.shape == [channels] && runningVariance.shape == [channels],
            "batchNorm: running statistics \(runningMean.shape), \(runningVariance.shape) for \(channels) channels")
        let normalized: Tensor
        if training {
            normalized = batchNormalized(runningMean: runningMean, runningVariance: runningVariance, momentum: momentum, epsilon: epsilon)
        } else {
            let inverseStd = Tensor(zeros: [1, channels, 1, 1])
            for c in 0..<channels { inverseStd.pointer[c] = 1 / (runningVariance.pointer[c] + epsilon).squareRoot() }
            normalized = (self - runningMean.detached().reshaped([1, channels, 1, 1])) * inverseStd
        }
        return normalized.applyingChannelAffine(weight: weight, bias: bias, channels: channels)
    }

    /// x̂ with batch statistics; updates the running statistics. Backward as in `normalizedRows`,
    /// over the N·H·W elements of each channel.
    private func batchNormalized(runningMean: Tensor, runningVariance: Tensor, momentum: Float, epsilon: Float) -> Tensor {
        let (batch, channels) = (shape[0], shape[1])
        let plane = shape[2] * shape[3]
        let elements = batch * plane
        shapeCheck(elements > 1, "batchNorm: training needs more than one value per channel, got input \(shape)")
        let storage = TensorStorage(count: count)
        let inverseStd = TensorStorage(count: channels)
        let x = pointer
        let y = storage.pointer
        let r = inverseStd.pointer
        let runMean = runningMean.pointer
        let runVariance = runningVariance.pointer
        parallelFor(channels) { range in
            for c in range {
                var sum = 0.0
                for n in 0..<batch {
                    let xs = x + (n * channels + c) * plane
                    for i in 0..<plane { sum += Double(xs[i]) }
                }
                let mean = sum / Double(elements)
                var squares = 0.0
                for n in 0..<batch {
                    let xs = x + (n * channels + c) * plane
                    for i in 0..<plane {
                        let d = Double(xs[i]) - mean
                        squares += d * d
                    }
                }
                let variance = squares / Double(elements)
                let scale = Float(1 / (variance + Double(epsilon)).squareRoot())
                r[c] = scale
                for n in 0..<batch {
                    let offset = (n * channels + c) * plane
                    for i in offset..<(offset + plane) { y[i] = (x[i] - Float(mean)) * scale }
                }
                runMean[c] = (1 - momentum) * runMean[c] + momentum * Float(mean)
                runVariance[c] = (1 - momentum) * runVariance[c] + momentum * Float(squares / Double(elements - 1))
            }
        }
        return Tensor.result(shape, storage, operation: "batchNorm", inputs: [self]) { [shape, storage, inverseStd] g in
            let (y, r) = (storage.pointer, inverseStd.pointer)
            let gradient = Tensor(zeros: shape)
            let gx = gradient.pointer
            let gy = g.pointer
            parallelFor(channels) { range in
                for c in range {
                    var sumG = 0.0
                    var sumGX = 0.0
                    for n in 0..<batch {
                        let offset = (n * channels + c) * plane
                        for i in offset..<(offset + plane) {
                            sumG += Double(gy[i])
                            sumGX += Double(gy[i]) * Double(y[i])
                        }
                    }
                    let meanG = Float(sumG / Double(elements))
                    let projection = Float(sumGX / Double(elements))
                    for n in 0..<batch {
                        let offset = (n * channels + c) * plane
                        for i in offset..<(offset + plane) { gx[i] = r[c] * (gy[i] - meanG - y[i] * projection) }
                    }
                }
            }
            return [gradient]
        }
    }
}
