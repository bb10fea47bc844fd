import Foundation

/// The exact Euclidean distance transform of a binary volume (Felzenszwalb & Huttenlocher, "Distance
/// Transforms of Sampled Functions", 2012): the squared distance is a lower envelope of parabolas, computed
/// one axis at a time, so the cost is linear in the voxel count for any spacing.
public enum DistanceTransform {
    /// For every voxel, the distance in mm to the nearest voxel where `mask` is true (0 on the mask;
    /// `.infinity` everywhere when the mask is empty). Layout x fastest, as `Volume`.
    public static func distances(to mask: [Bool], size: SIMD3<Int>, spacingMM: SIMD3<Double>) -> [Float] {
        precondition(mask.count == size.x * size.y * size.z, "mask has \(mask.count) voxels for size \(size)")
        var squared = mask.map { $0 ? 0.0 : Double.infinity }
        let strides = SIMD3(1, size.x, size.x * size.y)
        for axis in 0..<3 {
            let length = size[axis]
            let lines = mask.count / length
            let spacing = spacingMM[axis]
            let stride = strides[axis]
            let buffer = UnsafeSendable(squared.withUnsafeMutableBufferPointer { $0.baseAddress! })
            // Lines along `axis`: every voxel index whose coordinate on `axis` is 0.
            let other = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
            let countA = size[other.0]
            parallelFor(lines, minimumChunk: 64) { range in
                var f = [Double](repeating: 0, count: length)
                var out = [Double](repeating: 0, count: length)
                var v = [Int](repeating: 0, count: length)
                var z = [Double](repeating: 0, count: length + 1)
                for line in range {
                    let start = (line % countA) * strides[other.0] + (line / countA) * strides[other.1]
                    for i in 0..<length { f[i] = buffer.value[start + i * stride] }
                    envelope(f, spacing: spacing, into: &out, v: &v, z: &z)
                    for i in 0..<length { buffer.value[start + i * stride] = out[i] }
                }
            }
        }
        return squared.map { Float($0.squareRoot()) }
    }

    /// d(q) = min_p (f(p) + (spacing·(q − p))²) over one line.
    private static func envelope(_ f: [Double], spacing: Double, into d: inout [Double], v: inout [Int], z: inout [Double]) {
        let n = f.count
        let s2 = spacing * spacing
        var k = -1
        for q in 0..<n where f[q].isFinite {
            let fq = f[q] + s2 * Double(q * q)
            var s = -Double.infinity
            while k >= 0 {
                let p = v[k]
                s = (fq - (f[p] + s2 * Double(p * p))) / (2 * s2 * Double(q - p))
                if s <= z[k] { k -= 1 } else { break }
            }
            k += 1
            v[k] = q
            z[k] = k == 0 ? -.infinity : s
            z[k + 1] = .infinity
        }
        guard k >= 0 else {
            for q in 0..<n { d[q] = .infinity }
            return
        }
        var j = 0
        for q in 0..<n {
            while z[j + 1] < Double(q) { j += 1 }
            let p = v[j]
            let delta = spacing * Double(q - p)
            d[q] = delta * delta + f[p]
        }
    }
}
