import Imaging

/// The paper's metrics of one image against its reference, whole N×N images on the network's [0, 1] scale
/// (DESIGN §3): MAE; SSIM with an 11×11 Gaussian window, σ 1.5, data range 1; MI in nats from a 256-bin joint
/// histogram over each image's own [min, max] (`MutualInformation`'s defaults, numpy's `histogram2d`).
enum ImageMetrics {
    static let columns = ["MAE", "SSIM", "MI (nats)"]

    /// [MAE, SSIM, MI] of `image` against `reference`, both N×N row-major.
    static func measure(_ image: [Float], against reference: [Float], size n: Int) throws -> [Double] {
        let test = Image2D(width: n, height: n, pixels: image)
        let truth = Image2D(width: n, height: n, pixels: reference)
        return [
            try MeanAbsoluteError().measure(truth, test), try SSIM(dataRange: 1).measure(truth, test),
            try MutualInformation(bins: 256).measure(truth, test),
        ]
    }
}
