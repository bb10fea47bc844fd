import Foundation

/// One ray discretised by Joseph's method (P. M. Joseph, "An improved algorithm for reprojecting
/// rays through pixel images", IEEE TMI 1(3), 1982): the ray is sampled once per image column
/// (when it runs closer to x than to y) or once per row (otherwise), at the pixel-centre line;
/// the sample is the linear interpolation between the two pixels it falls between, pixels
/// outside the image being 0; each sample is weighted by the path length per step,
/// Δ/|cos α| = Δ/max(|d_x|, |d_y|) for a unit direction d.
///
/// The line integral is ∑ w_n·f[index_n] and its transpose scatters w_n·g into index_n:
/// `forEachWeight` enumerates the (index, weight) pairs once, and both the projector and its
/// adjoint run through it, so the adjoint is the exact transpose of the same matrix.
struct JosephRay {
    /// Sample along columns (x-major) or rows (y-major).
    private let alongColumns: Bool
    /// First and last major index with a non-zero weight (first > last: the ray misses).
    private let first: Int, last: Int
    /// Fractional minor index (row for x-major) at major index 0, and its change per step.
    private let minorStart: Double, minorSlope: Double
    /// Path length per major step, in cm.
    private let stepLength: Float
    private let width: Int, height: Int

    /// The discretisation of `ray` on a W×H grid of pixel side `pixelSizeCM` centred at the origin.
    init(_ ray: CTRay, width: Int, height: Int, pixelSizeCM: Double) {
        self.width = width
        self.height = height
        let d = ray.direction, o = ray.origin
        alongColumns = abs(d.x) >= abs(d.y)
        // Major axis a (x or y), minor axis b. The ray meets the line a = (k − c_a)·Δ at
        // b = o_b + (a − o_a)·d_b/d_a, i.e. at fractional minor index b/Δ + c_b.
        let (oa, ob, da, db) = alongColumns ? (o.x, o.y, d.x, d.y) : (o.y, o.x, d.y, d.x)
        let majorCount = alongColumns ? width : height, minorCount = alongColumns ? height : width
        let ca = 0.5 * Double(majorCount - 1), cb = 0.5 * Double(minorCount - 1)
        let slope = db / da
        minorSlope = slope
        minorStart = (ob - oa * slope) / pixelSizeCM + cb - ca * slope
        stepLength = Float(pixelSizeCM / abs(da))
        // Major indices whose minor index lies in (−1, minorCount): only those touch a pixel.
        var low = 0, high = majorCount - 1
        if slope == 0 {
            if !(minorStart > -1 && minorStart < Double(minorCount)) { low = 1; high = 0 }
        } else {
            let k1 = (-1 - minorStart) / slope, k2 = (Double(minorCount) - minorStart) / slope
            // Clamp before converting: a nearly flat ray puts k1, k2 far outside Int's range.
            let bound = Double(majorCount)
            low = max(low, Int(Swift.min(Swift.max(Swift.min(k1, k2).rounded(.down), -1), bound)))
            high = min(high, Int(Swift.min(Swift.max(Swift.max(k1, k2).rounded(.up), -1), bound)))
        }
        first = low
        last = high
    }

    /// Calls `body(index, weight)` for every pixel the ray samples (row-major index y·W + x,
    /// weight in cm), in a fixed order.
    @inline(__always)
    func forEachWeight(_ body: (Int, Float) -> Void) {
        guard first <= last else { return }
        let minorCount = alongColumns ? height : width
        for major in first...last {
            let position = minorStart + Double(major) * minorSlope
            // position > −1 on [first, last], so floor(position) = Int(position + 1) − 1: a
            // truncating conversion instead of a libm floor call (no SSE4.1 on the baseline target).
            let minor = Int(position + 1) - 1
            let fraction = Float(position - Double(minor))
            if minor >= 0 && minor < minorCount {
                body(index(major: major, minor: minor), (1 - fraction) * stepLength)
            }
            if minor + 1 >= 0 && minor + 1 < minorCount {
                body(index(major: major, minor: minor + 1), fraction * stepLength)
            }
        }
    }

    @inline(__always)
    private func index(major: Int, minor: Int) -> Int {
        alongColumns ? minor * width + major : major * width + minor
    }
}
