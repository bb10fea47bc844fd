import Tensor

/// What the decoder is asked for: the CT–MR balance λ (0 = CT, 1 = MR), one value per image or a map.
public enum Lambda {
    /// One λ for every image of the batch.
    case scalar(Float)
    /// A λ-map [B or 1, 1, N, N] at the input resolution (values in [0, 1]); it may require gradients
    /// (λ-map optimisation).
    case map(Tensor)
}

/// `G_D` (Linear(1 → latent)) and the per-resolution latent codes it gives the CIN layers.
///
/// A scalar λ gives z = G_D(λ) of shape [1, latent, 1, 1], broadcast over the batch and the image, as
/// the authors do. A λ-map is area-averaged to each CIN layer's resolution r (mean over the r×r blocks
/// of N/r pixels, exact since all resolutions divide N) and mapped pixel by pixel, z = G_D(λ(x)) of
/// shape [B, latent, r, r]: the CIN γ/β then vary over the image. A constant map gives the scalar
/// result (the 1×1 convolutions act pixel by pixel).
final class LatentCode {
    let generator: Linear
    let lambda: Lambda
    private var cache: [Int: Tensor] = [:]

    init(generator: Linear, lambda: Lambda) {
        self.generator = generator
        self.lambda = lambda
    }

    /// z for a CIN layer at resolution r.
    func z(resolution r: Int) -> Tensor {
        if let cached = cache[r] { return cached }
        let latent = generator.weight.shape[0]
        let z: Tensor
        switch lambda {
        case .scalar(let value):
            z = generator(Tensor(shape: [1, 1], values: [value])).reshaped([1, latent, 1, 1])
        case .map(let map):
            let pooled = Self.areaAverage(map, to: r)
            z = pooled * generator.weight.reshaped([1, latent, 1, 1]) + generator.bias!.reshaped([1, latent, 1, 1])
        }
        cache[r] = z
        return z
    }

    /// [B, 1, N, N] → [B, 1, r, r], each output the mean of an (N/r)² block.
    static func areaAverage(_ map: Tensor, to r: Int) -> Tensor {
        let b = map.shape[0]
        let n = map.shape[2]
        precondition(map.rank == 4 && map.shape[1] == 1 && map.shape[3] == n && n % r == 0,
                     "λ-map must be [B, 1, N, N] with N a multiple of \(r), got \(map.shape)")
        guard n != r else { return map }
        let f = n / r
        return map.reshaped([b, r, f, r, f]).mean(axis: 4).mean(axis: 2).reshaped([b, 1, r, r])
    }
}
