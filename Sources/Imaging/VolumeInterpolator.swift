import Foundation

/// Reads a volume at continuous indices or physical points with one `Interpolation`.
///
/// Build one per moving image and reuse it: for `.cubicBSpline` the constructor runs the prefilter
/// once (`BSplinePrefilter`), and every later read costs 4×4×4 taps (4×4 for a one-slice volume).
/// Axes with a single sample are read with one tap, so a 2-D image costs no more than 2-D work.
public struct VolumeInterpolator: Sendable {
    /// The grid being read.
    public let geometry: Geometry
    /// How values between voxel centres are formed.
    public let interpolation: Interpolation
    /// The voxels (nearest, linear) or the B-spline coefficients (cubic), x fastest.
    let values: [Float]

    /// An interpolator over `volume`'s voxels.
    public init(_ volume: Volume, interpolation: Interpolation) {
        self.geometry = volume.geometry
        self.interpolation = interpolation
        self.values = interpolation == .cubicBSpline ? BSplinePrefilter.coefficients(of: volume) : volume.voxels
    }

    /// The interpolated value at continuous index n, or nil outside the buffer
    /// (not −0.5 ≤ n < size − 0.5 on some axis; see `Geometry.contains(continuousIndex:)`).
    public func value(atContinuousIndex n: SIMD3<Double>) -> Float? {
        guard geometry.contains(continuousIndex: n) else { return nil }
        let size = geometry.size
        let tx = taps(n.x, count: size.x)
        let ty = taps(n.y, count: size.y)
        let tz = taps(n.z, count: size.z)
        var sum = 0.0
        for c in 0..<tz.count {
            let planeOffset = tz.index[c] * size.x * size.y
            var plane = 0.0
            for b in 0..<ty.count {
                let rowOffset = planeOffset + ty.index[b] * size.x
                var row = 0.0
                for a in 0..<tx.count { row += tx.weight[a] * Double(values[rowOffset + tx.index[a]]) }
                plane += ty.weight[b] * row
            }
            sum += tz.weight[c] * plane
        }
        return Float(sum)
    }

    /// The interpolated value at a physical point (mm, LPS), or nil outside the buffer.
    public func value(atPhysicalPoint point: SIMD3<Double>) -> Float? {
        value(atContinuousIndex: geometry.continuousIndex(ofPhysicalPoint: point))
    }

    /// Up to four sample indices and weights along one axis.
    struct Taps {
        var index = SIMD4<Int>(repeating: 0)
        var weight = SIMD4<Double>(1, 0, 0, 0)
        var count = 1
    }

    /// The taps for coordinate x on an axis of `count` samples, with x already inside the buffer.
    func taps(_ x: Double, count: Int) -> Taps {
        var taps = Taps()
        guard count > 1 else { return taps }
        switch interpolation {
        case .nearest:
            taps.index[0] = min(count - 1, max(0, Int((x + 0.5).rounded(.down))))
        case .linear:
            let base = x.rounded(.down)
            let t = x - base
            let i = Int(base)
            taps.index = SIMD4(min(count - 1, max(0, i)), min(count - 1, max(0, i + 1)), 0, 0)
            taps.weight = SIMD4(1 - t, t, 0, 0)
            taps.count = 2
        case .cubicBSpline:
            let base = x.rounded(.down)
            let t = x - base
            let i = Int(base)
            let period = 2 * count - 2
            for m in 0..<4 {
                // Whole-sample mirror: …, 2, 1, | 0, 1, …, N−1 | N−2, N−3, …
                var r = (i - 1 + m) % period
                if r < 0 { r += period }
                taps.index[m] = r < count ? r : period - r
            }
            let u = 1 - t
            let t2 = t * t
            let t3 = t2 * t
            taps.weight = SIMD4(u * u * u / 6, (4 - 6 * t2 + 3 * t3) / 6, (1 + 3 * t + 3 * t2 - 3 * t3) / 6, t3 / 6)
            taps.count = 4
        }
        return taps
    }
}
