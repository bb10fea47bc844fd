import Foundation
import Imaging

/// One pyramid level of a volume: block-average shrink, then Gaussian smoothing in physical units.
///
/// Shrink by f: size ⌊size/f⌋ per axis (at least 1), spacing f·spacing, and each output voxel the mean of the
/// f×f×f input block it covers, so its centre is the block's centre (origin moved to continuous index
/// (f − 1)/2) — the block mean is the anti-aliasing filter. Then a separable Gaussian of σ mm (σ/spacing voxels
/// per axis, radius ⌈3σ⌉ voxels, half-sample-symmetric borders) is applied on the shrunk grid. Unlike ITK, which
/// smooths at full resolution before shrinking, this costs one pass over the full image.
enum ImagePyramid {
    static func level(_ volume: Volume, shrink f: Int, sigmaMM: Double) throws -> Volume {
        var current = volume
        if f > 1 { current = try shrink(volume, by: f) }
        if sigmaMM > 0 { current = try smooth(current, sigmaMM: sigmaMM) }
        return current
    }

    static func shrink(_ volume: Volume, by f: Int) throws -> Volume {
        let g = volume.geometry
        let size = SIMD3(max(1, g.size.x / f), max(1, g.size.y / f), max(1, g.size.z / f))
        let fx = min(f, g.size.x)
        let fy = min(f, g.size.y)
        let fz = min(f, g.size.z)
        let origin = g.physicalPoint(
            ofContinuousIndex: SIMD3(Double(fx - 1) / 2, Double(fy - 1) / 2, Double(fz - 1) / 2))
        let geometry = try Geometry(
            size: size, originMM: origin,
            spacingMM: g.spacingMM * SIMD3(Double(fx), Double(fy), Double(fz)), direction: g.direction,
            frameOfReferenceUID: g.frameOfReferenceUID)
        var output = [Float](repeating: 0, count: geometry.voxelCount)
        let norm = 1 / Double(fx * fy * fz)
        output.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeShared(buffer)
            volume.voxels.withUnsafeBufferPointer { input in
                let source = UnsafeSharedInput(input)
                let rows = size.y * size.z
                concurrentChunks(rows, chunks: min(rows, 16)) { _, range in
                    for row in range {
                        let (j, k) = (row % size.y, row / size.y)
                        for i in 0..<size.x {
                            var sum = 0.0
                            for c in 0..<fz {
                                for b in 0..<fy {
                                    let base = g.offset(i: i * fx, j: j * fy + b, k: k * fz + c)
                                    for a in 0..<fx { sum += Double(source.buffer[base + a]) }
                                }
                            }
                            out.buffer[row * size.x + i] = Float(sum * norm)
                        }
                    }
                }
            }
        }
        return try Volume(geometry: geometry, voxels: output)
    }

    /// Separable Gaussian, σ in mm per axis of the volume's own spacing.
    static func smooth(_ volume: Volume, sigmaMM: Double) throws -> Volume {
        let g = volume.geometry
        var data = volume.voxels
        let strides = [1, g.size.x, g.size.x * g.size.y]
        for axis in 0..<3 {
            let n = g.size[axis]
            let sigma = sigmaMM / g.spacingMM[axis]
            guard n > 1, sigma > 0 else { continue }
            let radius = Int((3 * sigma).rounded(.up))
            let raw = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
            let total = raw.reduce(0, +)
            let kernel = raw.map { $0 / total }
            let stride = strides[axis]
            let lines = g.voxelCount / n
            let input = data
            data.withUnsafeMutableBufferPointer { buffer in
                let out = UnsafeShared(buffer)
                input.withUnsafeBufferPointer { inputBuffer in
                    let source = UnsafeSharedInput(inputBuffer)
                    concurrentChunks(lines, chunks: min(lines, 16)) { _, range in
                        for line in range {
                            // The line's first voxel: the index with coordinate 0 along `axis`.
                            let base: Int
                            switch axis {
                            case 0: base = line * n
                            case 1: base = (line % g.size.x) + (line / g.size.x) * g.size.x * n
                            default: base = line
                            }
                            for t in 0..<n {
                                var sum = 0.0
                                for (m, w) in kernel.enumerated() {
                                    let u = reflect(t + m - radius, n)
                                    sum += w * Double(source.buffer[base + u * stride])
                                }
                                out.buffer[base + t * stride] = Float(sum)
                            }
                        }
                    }
                }
            }
        }
        return try Volume(geometry: g, voxels: data)
    }

    /// Index folded into 0..<count by half-sample symmetric reflection (d c b a | a b c d | d c b a).
    @inline(__always) static func reflect(_ i: Int, _ count: Int) -> Int {
        let period = 2 * count
        var r = i % period
        if r < 0 { r += period }
        return r < count ? r : period - 1 - r
    }
}

/// A read-only buffer shared by the chunks of one parallel loop.
struct UnsafeSharedInput<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
    init(_ buffer: UnsafeBufferPointer<Element>) { self.buffer = buffer }
}
