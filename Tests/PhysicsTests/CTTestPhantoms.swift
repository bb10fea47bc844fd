import Foundation
import Imaging

@testable import Physics

/// Analytic phantoms for the CT tests, rasterised by area: each pixel holds the mean of its
/// `supersampling`² sub-pixel centres, so edges carry partial-volume values as a detector would.
enum CTTestPhantoms {
    /// One ellipse: value added inside ((x'/a)² + (y'/b)² ≤ 1) with (x', y') the point relative to
    /// the centre, turned by −φ. Lengths in cm.
    struct Ellipse {
        var value: Double
        var semiAxisX: Double
        var semiAxisY: Double
        var centre: SIMD2<Double>
        var angleDegrees: Double

        func contains(_ p: SIMD2<Double>) -> Bool {
            let d = p - centre
            let phi = angleDegrees * Double.pi / 180
            let x = d.x * cos(phi) + d.y * sin(phi), y = -d.x * sin(phi) + d.y * cos(phi)
            return (x * x) / (semiAxisX * semiAxisX) + (y * y) / (semiAxisY * semiAxisY) <= 1
        }
    }

    /// A uniform disc of attenuation `mu` (cm⁻¹), radius `radiusCM`, centred at `centre` (cm).
    static func disc(
        _ geometry: some CTScanGeometry, radiusCM: Double, centre: SIMD2<Double> = .zero, mu: Double = 0.192,
        supersampling: Int = 8
    ) -> Image2D {
        rasterise(
            geometry, [Ellipse(value: mu, semiAxisX: radiusCM, semiAxisY: radiusCM, centre: centre, angleDegrees: 0)],
            supersampling: supersampling)
    }

    /// The modified Shepp-Logan phantom (Toft 1996, Table B.3; MATLAB `phantom('Modified Shepp-Logan')`),
    /// unit square [−1, 1]² mapped onto the half field of view `0.5·min(W, H)·Δ`, with y flipped so
    /// the phantom stands upright when rows run down. Intensities are scaled by 0.96 cm⁻¹ so the
    /// brain (0.2) is water, 0.192 cm⁻¹: skull 0.96, ventricles 0, small features 0.288 cm⁻¹.
    static func sheppLogan(_ geometry: some CTScanGeometry, supersampling: Int = 4) -> Image2D {
        // value, a, b, x0, y0, φ (degrees), in the unit square with y up.
        let table: [(Double, Double, Double, Double, Double, Double)] = [
            (1.0, 0.69, 0.92, 0, 0, 0),
            (-0.8, 0.6624, 0.8740, 0, -0.0184, 0),
            (-0.2, 0.1100, 0.3100, 0.22, 0, -18),
            (-0.2, 0.1600, 0.4100, -0.22, 0, 18),
            (0.1, 0.2100, 0.2500, 0, 0.35, 0),
            (0.1, 0.0460, 0.0460, 0, 0.1, 0),
            (0.1, 0.0460, 0.0460, 0, -0.1, 0),
            (0.1, 0.0460, 0.0230, -0.08, -0.605, 0),
            (0.1, 0.0230, 0.0230, 0, -0.606, 0),
            (0.1, 0.0230, 0.0460, 0.06, -0.605, 0),
        ]
        let half = 0.5 * Double(min(geometry.imageWidth, geometry.imageHeight)) * geometry.pixelSizeCM
        // Flipping y mirrors the ellipse, so its rotation angle changes sign.
        let ellipses = table.map { value, a, b, x0, y0, phi in
            Ellipse(
                value: 0.96 * value, semiAxisX: a * half, semiAxisY: b * half, centre: SIMD2(x0 * half, -y0 * half),
                angleDegrees: -phi)
        }
        return rasterise(geometry, ellipses, supersampling: supersampling)
    }

    /// Sum of the ellipses' values, averaged over a supersampling² grid inside each pixel.
    static func rasterise(_ geometry: some CTScanGeometry, _ ellipses: [Ellipse], supersampling: Int) -> Image2D {
        let width = geometry.imageWidth, height = geometry.imageHeight, pixel = geometry.pixelSizeCM
        var pixels = [Float](repeating: 0, count: width * height)
        let offsets = (0..<supersampling).map { (Double($0) + 0.5) / Double(supersampling) - 0.5 }
        for row in 0..<height {
            for column in 0..<width {
                let centre = geometry.pixelCentre(column: column, row: row)
                var sum = 0.0
                for dy in offsets {
                    for dx in offsets {
                        let p = centre + SIMD2(dx, dy) * pixel
                        for ellipse in ellipses where ellipse.contains(p) { sum += ellipse.value }
                    }
                }
                pixels[row * width + column] = Float(sum / Double(supersampling * supersampling))
            }
        }
        return Image2D(
            width: width, height: height, pixels: pixels, spacingMM: geometry.imageSpacingMM,
            originMM: geometry.imageOriginMM)
    }

    /// Root-mean-square difference over the pixels where `mask` is true (all when nil).
    static func rmse(_ a: Image2D, _ b: Image2D, mask: [Bool]? = nil) -> Double {
        var sum = 0.0, count = 0
        for index in a.pixels.indices where mask?[index] ?? true {
            let d = Double(a.pixels[index]) - Double(b.pixels[index])
            sum += d * d
            count += 1
        }
        return (sum / Double(max(count, 1))).squareRoot()
    }

    /// Mean over the pixels whose centres lie within `radiusCM` of `centre`.
    static func mean(_ image: Image2D, _ geometry: some CTScanGeometry, within radiusCM: Double,
                     of centre: SIMD2<Double> = .zero) -> Double {
        var sum = 0.0, count = 0
        for row in 0..<image.height {
            for column in 0..<image.width {
                let d = geometry.pixelCentre(column: column, row: row) - centre
                if (d * d).sum() <= radiusCM * radiusCM {
                    sum += Double(image[x: column, y: row])
                    count += 1
                }
            }
        }
        return sum / Double(max(count, 1))
    }

    /// A mask of the pixels whose centres lie within `radiusCM` of the isocentre.
    static func circleMask(_ geometry: some CTScanGeometry, radiusCM: Double) -> [Bool] {
        var mask = [Bool](repeating: false, count: geometry.imageWidth * geometry.imageHeight)
        for row in 0..<geometry.imageHeight {
            for column in 0..<geometry.imageWidth {
                let p = geometry.pixelCentre(column: column, row: row)
                mask[row * geometry.imageWidth + column] = (p * p).sum() <= radiusCM * radiusCM
            }
        }
        return mask
    }
}
