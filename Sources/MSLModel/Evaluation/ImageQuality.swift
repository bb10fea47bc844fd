import Imaging
import Tensor

/// MAE, PSNR and SSIM of one image against its reference on the network's [0, 1] scale (DESIGN §3):
/// MAE over all N×N pixels, PSNR with peak 1, SSIM with an 11×11 Gaussian window (σ 1.5), data range 1.
/// Whole images, background included, as the authors measure.
public struct ImageQuality: Codable, Equatable, Sendable {
    public var mae: Double
    public var psnr: Double
    public var ssim: Double

    public init(mae: Double, psnr: Double, ssim: Double) {
        self.mae = mae
        self.psnr = psnr
        self.ssim = ssim
    }

    /// The quality of `test` against `reference`, both N×N row-major.
    public init(_ test: [Float], reference: [Float], size n: Int) throws {
        let t = Image2D(width: n, height: n, pixels: test)
        let r = Image2D(width: n, height: n, pixels: reference)
        self.init(
            mae: try MeanAbsoluteError().measure(r, t), psnr: try PSNR(peak: 1).measure(r, t),
            ssim: try SSIM(dataRange: 1).measure(r, t))
    }

    /// Image `index` of a [B, 1, N, N] batch against `reference`.
    init(_ batch: Tensor, index: Int, reference: [Float], size n: Int) throws {
        let count = n * n
        try self.init(
            Array(UnsafeBufferPointer(start: batch.pointer + index * count, count: count)), reference: reference,
            size: n)
    }

    /// The mean of several measurements (nil for none).
    public static func mean(_ values: [ImageQuality]) -> ImageQuality? {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        return ImageQuality(
            mae: values.map(\.mae).reduce(0, +) / n, psnr: values.map(\.psnr).reduce(0, +) / n,
            ssim: values.map(\.ssim).reduce(0, +) / n)
    }

    /// Whether this is better than `other` on every metric: lower MAE, higher PSNR and higher SSIM.
    public func beats(_ other: ImageQuality) -> Bool {
        mae < other.mae && psnr > other.psnr && ssim > other.ssim
    }
}
