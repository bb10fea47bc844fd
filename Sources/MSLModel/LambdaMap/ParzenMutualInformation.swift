import Tensor

/// Mutual information of two images estimated with Parzen windows, differentiable in the first image.
///
/// Each pixel value v spreads over `bins` bins with centres cₖ = (k + ½)/bins on [0, 1] by a Gaussian
/// kernel of width σ = `kernelWidth` bin spacings, normalised per pixel: wₖ(v) = e^(−(v − cₖ)²/2σ²) / Σⱼ
/// e^(−(v − cⱼ)²/2σ²). The joint distribution is P(a, b) = (1/n) Σᵢ wₐ(xᵢ) w_b(yᵢ), the marginals its
/// sums, and MI = Σ P(a, b) log(P(a, b) / (P(a) P(b))) in nats. Defaults: 32 bins, σ = 1 bin spacing
/// (fine enough to see tissue classes, smooth enough for a useful gradient); values outside [0, 1]
/// fall on the end bins.
public struct ParzenMutualInformation: Sendable {
    public var bins: Int
    public var kernelWidth: Float

    public init(bins: Int = 32, kernelWidth: Float = 1) {
        precondition(bins >= 2 && kernelWidth > 0, "Parzen MI needs at least 2 bins and a positive kernel width")
        self.bins = bins
        self.kernelWidth = kernelWidth
    }

    /// Per-pixel bin weights [n, bins] of a flattened image: the normalised Gaussian kernel, computed as a
    /// softmax over the bins of −(v − cₖ)²/2σ². The softmax subtracts each pixel's largest logit first, so a
    /// value far outside [0, 1] (where every e^(−(v − cₖ)²/2σ²) underflows to 0) still lands on its end bin.
    package func weights(_ values: Tensor) -> Tensor {
        let n = values.count
        let centres = Tensor(shape: [1, bins], values: (0..<bins).map { (Float($0) + 0.5) / Float(bins) })
        let sigma = kernelWidth / Float(bins)
        let distance = values.reshaped([n, 1]) - centres
        return (distance.squared() * (-0.5 / (sigma * sigma))).softmax(axis: -1)
    }

    /// MI(x, y) as a scalar tensor; gradients flow into `x` (and `y` if it requires them).
    public func callAsFunction(_ x: Tensor, _ y: Tensor) -> Tensor {
        precondition(x.count == y.count && x.count > 0, "MI of images with \(x.count) and \(y.count) pixels")
        return mutualInformation(transposedWeights: weights(x).transposed(0, 1), weights: weights(y))
    }

    /// MI from bin weights already computed: `xT` = `weights(x)` transposed, [bins, n]; `wy` = `weights(y)`,
    /// [n, bins]. Lets a caller comparing one image with several reuse its weights, and keep fixed images'.
    package func mutualInformation(transposedWeights xT: Tensor, weights wy: Tensor) -> Tensor {
        precondition(
            xT.rank == 2 && wy.rank == 2 && xT.shape == [bins, wy.shape[0]] && wy.shape[1] == bins,
            "Parzen MI: weights \(xT.shape) (transposed) and \(wy.shape) for \(bins) bins")
        let joint = xT.matmul(wy) * (1 / Float(wy.shape[0]))
        let px = joint.sum(axis: 1, keepingDimension: true)
        let py = joint.sum(axis: 0, keepingDimension: true)
        let epsilon: Float = 1e-12
        let ratio = (joint + epsilon).log() - (px + epsilon).log() - (py + epsilon).log()
        return (joint * ratio).sum()
    }
}
