import Foundation

/// The cubic B-spline interpolation prefilter (Unser, Aldroubi & Eden 1993; Unser 1999, "Splines: a
/// perfect fit for signal and image processing", Box 2), separable over i, j, k.
///
/// Turns samples s[n] into coefficients c[n] with Σ c[m]·β³(n − m) = s[n], on the whole-sample
/// mirror extension of the signal (s[−n] = s[n], s[N−1+n] = s[N−1−n]). One causal and one
/// anti-causal first-order recursion with pole z = √3 − 2 and gain (1 − z)(1 − 1/z) = 6:
///
///     c⁺[0] = (s[0] + z^(N−1)·s[N−1] + Σ_{k=1}^{N−2} (z^k + z^(2N−2−k))·s[k]) / (1 − z^(2N−2))   (exact)
///     c⁺[n] = s[n] + z·c⁺[n−1]
///     c⁻[N−1] = z/(z² − 1)·(c⁺[N−1] + z·c⁺[N−2])
///     c⁻[n] = z·(c⁻[n+1] − c⁺[n])
///
/// with s pre-multiplied by the gain; identical to scipy's `spline_filter1d(order=3, mode='mirror')`.
/// Arithmetic is in Double per line; coefficients are stored as Float.
enum BSplinePrefilter {
    /// The pole of the cubic B-spline's inverse filter.
    static let pole = 3.0.squareRoot() - 2

    /// Coefficients of a whole volume (x fastest), filtered along every axis with more than one sample.
    static func coefficients(of volume: Volume) -> [Float] {
        var data = volume.voxels
        let size = volume.size
        let strides = SIMD3(1, size.x, size.x * size.y)
        for axis in 0..<3 where size[axis] > 1 {
            let length = size[axis]
            let stride = strides[axis]
            // Lines along `axis` start at every voxel whose `axis` index is 0.
            let (a, b) = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
            let starts = (0..<size[b]).flatMap { q in (0..<size[a]).map { p in p * strides[a] + q * strides[b] } }
            data.withUnsafeMutableBufferPointer { buffer in
                let shared = UnsafeSendable(buffer)
                parallelFor(starts.count, minimumChunk: 64) { range in
                    var line = [Double](repeating: 0, count: length)
                    for start in starts[range] {
                        for n in 0..<length { line[n] = Double(shared.value[start + n * stride]) }
                        filter(&line)
                        for n in 0..<length { shared.value[start + n * stride] = Float(line[n]) }
                    }
                }
            }
        }
        return data
    }

    /// Filters one line in place (length ≥ 2; a single sample is its own coefficient).
    static func filter(_ s: inout [Double]) {
        let count = s.count
        guard count > 1 else { return }
        let z = pole
        let gain = (1 - z) * (1 - 1 / z)
        for n in 0..<count { s[n] *= gain }
        // Causal initialisation, exact for the mirror extension (period 2N − 2).
        let zLast = pow(z, Double(count - 1))
        var sum = s[0] + zLast * s[count - 1]
        var zk = z
        for k in 1..<max(1, count - 1) {
            sum += zk * (s[k] + zLast * s[count - 1 - k])
            zk *= z
        }
        s[0] = sum / (1 - zLast * zLast)
        for n in 1..<count { s[n] += z * s[n - 1] }
        // Anti-causal initialisation and recursion.
        s[count - 1] = z / (z * z - 1) * (s[count - 1] + z * s[count - 2])
        for n in stride(from: count - 2, through: 0, by: -1) { s[n] = z * (s[n + 1] - s[n]) }
    }
}
