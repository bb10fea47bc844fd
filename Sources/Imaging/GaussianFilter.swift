import Foundation

/// A separable 2-D Gaussian filter on Double images with half-sample-symmetric ("reflect") borders,
/// matching `scipy.ndimage.gaussian_filter(mode='reflect', truncate=…)`.
///
/// Each axis uses the sampled kernel g[m] = exp(−m²/(2σ²)) / Σ exp(−m²/(2σ²)) for |m| ≤ r,
/// r = ⌊truncate·σ + 0.5⌋ (scipy's `_gaussian_kernel1d`); an axis with σ = 0 is left alone. Borders
/// extend as d c b a | a b c d | d c b a, repeated for kernels longer than the image.
struct GaussianFilter: Sendable {
    /// Kernels along x (within a row) and y (across rows), centre tap in the middle.
    let kernelX: [Double]
    let kernelY: [Double]

    init(sigma: SIMD2<Double>, truncate: Double) {
        kernelX = Self.kernel(sigma: sigma.x, truncate: truncate)
        kernelY = Self.kernel(sigma: sigma.y, truncate: truncate)
    }

    /// The normalised 1-D kernel of scipy's `_gaussian_kernel1d(sigma, order=0, radius)`.
    static func kernel(sigma: Double, truncate: Double) -> [Double] {
        guard sigma > 0 else { return [1] }
        let radius = Int(truncate * sigma + 0.5)
        let taps = (-radius...radius).map { m in exp(-0.5 / (sigma * sigma) * Double(m * m)) }
        let total = taps.reduce(0, +)
        return taps.map { $0 / total }
    }

    /// Index i folded into 0..<count by half-sample symmetric reflection.
    @inline(__always) static func reflect(_ i: Int, _ count: Int) -> Int {
        let period = 2 * count
        var r = i % period
        if r < 0 { r += period }
        return r < count ? r : period - 1 - r
    }

    /// Filters a row-major width × height image: first along y (scipy's axis 0), then along x.
    func apply(_ image: [Double], width: Int, height: Int) -> [Double] {
        var data = image
        if kernelY.count > 1 {
            let radius = kernelY.count / 2
            var output = [Double](repeating: 0, count: data.count)
            for y in 0..<height {
                for (m, weight) in kernelY.enumerated() {
                    let source = Self.reflect(y + m - radius, height) * width
                    for x in 0..<width { output[y * width + x] += weight * data[source + x] }
                }
            }
            data = output
        }
        if kernelX.count > 1 {
            let radius = kernelX.count / 2
            var output = [Double](repeating: 0, count: data.count)
            let indices = (0..<width).map { x in (0..<kernelX.count).map { Self.reflect(x + $0 - radius, width) } }
            for y in 0..<height {
                let row = y * width
                for x in 0..<width {
                    var sum = 0.0
                    for (m, weight) in kernelX.enumerated() { sum += weight * data[row + indices[x][m]] }
                    output[row + x] = sum
                }
            }
            data = output
        }
        return data
    }
}
