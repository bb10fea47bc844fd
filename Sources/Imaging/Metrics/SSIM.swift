/// Structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004, IEEE TIP 13:600–612), computed
/// exactly as scikit-image's `structural_similarity(x, y, data_range=R, gaussian_weights=True,
/// sigma=1.5, use_sample_covariance=False)` (DESIGN §3).
///
/// With G the Gaussian filter (σ = 1.5, truncated at 3.5σ: an 11×11 window, borders reflected as
/// `scipy.ndimage.gaussian_filter(mode='reflect')`):
///
///     μx = G(x), μy = G(y), σx² = G(x²) − μx², σy² = G(y²) − μy², σxy = G(xy) − μx·μy
///     SSIM(p) = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),
///     C1 = (K1·R)², C2 = (K2·R)², K1 = 0.01, K2 = 0.03, R = data range (1 for [0,1] images).
///
/// The score is the mean of the SSIM map after cropping (window − 1)/2 = 5 pixels from every border,
/// where the window runs off the image (scikit-image's `crop(S, pad).mean()`); with a mask, the mean
/// over the cropped map's masked pixels. Dimensionless, in [−1, 1]; computed in Double.
public struct SSIM: Sendable, Equatable {
    /// R, the distance between the smallest and largest possible values (default 1).
    public var dataRange: Double
    /// Standard deviation of the Gaussian window in pixels (default 1.5).
    public var sigma: Double
    /// Window half-width in standard deviations (scikit-image: 3.5, so 11 taps at σ = 1.5).
    public var truncate: Double
    /// Luminance constant factor K1 (default 0.01).
    public var k1: Double
    /// Contrast constant factor K2 (default 0.03).
    public var k2: Double

    /// The metric with DESIGN §3's constants by default.
    public init(
        dataRange: Double = 1, sigma: Double = 1.5, truncate: Double = 3.5, k1: Double = 0.01, k2: Double = 0.03
    ) {
        self.dataRange = dataRange
        self.sigma = sigma
        self.truncate = truncate
        self.k1 = k1
        self.k2 = k2
    }

    /// Window side: 2·⌊truncate·σ + 0.5⌋ + 1 (11 by default).
    public var windowSize: Int { 2 * Int(truncate * sigma + 0.5) + 1 }

    /// Mean SSIM of `test` against `reference` over the cropped map (and `mask`, row-major,
    /// true = include, judged on the full image; nil = all pixels).
    ///
    /// - Throws: `.sizeMismatch` when sizes differ, `.imageTooSmall` below windowSize × windowSize,
    ///   `.emptyMask` when no masked pixel survives the crop, `.invalidParameter` for bad constants.
    public func measure(_ reference: Image2D, _ test: Image2D, mask: [Bool]? = nil) throws -> Double {
        let map = try ssimMap(reference, test, mask: mask)
        let (width, height) = (reference.width, reference.height)
        let pad = (windowSize - 1) / 2
        var sum = 0.0
        var count = 0
        for y in pad..<height - pad {
            for x in pad..<width - pad where mask?[y * width + x] ?? true {
                sum += map[y * width + x]
                count += 1
            }
        }
        guard count > 0 else { throw ImagingError.emptyMask }
        return sum / Double(count)
    }

    /// The full (uncropped) SSIM map on the reference's grid, for pictures and reports.
    ///
    /// - Throws: as `measure`.
    public func map(_ reference: Image2D, _ test: Image2D) throws -> Image2D {
        let map = try ssimMap(reference, test, mask: nil)
        return Image2D(
            width: reference.width, height: reference.height, pixels: map.map { Float($0) },
            spacingMM: reference.spacingMM, originMM: reference.originMM)
    }

    private func ssimMap(_ reference: Image2D, _ test: Image2D, mask: [Bool]?) throws -> [Double] {
        for (name, value) in [("dataRange", dataRange), ("sigma", sigma), ("truncate", truncate)]
        where !(value.isFinite && value > 0) {
            throw ImagingError.invalidParameter(
                name: "SSIM \(name)", value: "\(value)", expected: "a finite number > 0")
        }
        guard k1 >= 0, k2 >= 0 else {
            throw ImagingError.invalidParameter(name: "SSIM K1, K2", value: "\(k1), \(k2)", expected: "values ≥ 0")
        }
        try MetricInputs.validate(reference, test, mask: mask, metric: "SSIM")
        let (width, height) = (reference.width, reference.height)
        guard width >= windowSize, height >= windowSize else {
            throw ImagingError.imageTooSmall(
                minimum: [windowSize, windowSize], actual: [width, height], what: "SSIM window")
        }
        let filter = GaussianFilter(sigma: SIMD2(repeating: sigma), truncate: truncate)
        let x = reference.pixels.map(Double.init)
        let y = test.pixels.map(Double.init)
        let blur = { (image: [Double]) in filter.apply(image, width: width, height: height) }
        let (mx, my) = (blur(x), blur(y))
        let mxx = blur(zip(x, x).map(*))
        let myy = blur(zip(y, y).map(*))
        let mxy = blur(zip(x, y).map(*))
        let c1 = (k1 * dataRange) * (k1 * dataRange)
        let c2 = (k2 * dataRange) * (k2 * dataRange)
        return (0..<x.count).map { p in
            let (ux, uy) = (mx[p], my[p])
            let (vx, vy, vxy) = (mxx[p] - ux * ux, myy[p] - uy * uy, mxy[p] - ux * uy)
            return ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2))
        }
    }
}
