import Imaging

/// A volume read by trilinear interpolation at continuous indices, with the exact gradient of the interpolant.
///
/// A point is inside when 0 ≤ n ≤ size − 1 on every axis (every axis needs ≥ 2 voxels), so all eight
/// neighbours exist and the interpolant is differentiable inside each cell.
struct LinearImage: Sendable {
    let values: [Float]
    let nx: Int
    let ny: Int
    let nz: Int
    let originMM: SIMD3<Double>
    /// (D·diag(spacing))⁻¹: physical offsets → index offsets.
    let physicalToIndex: Matrix3
    /// D·diag(spacing).
    let indexToPhysical: Matrix3

    init(_ volume: Volume) {
        values = volume.voxels
        let g = volume.geometry
        (nx, ny, nz) = (g.size.x, g.size.y, g.size.z)
        originMM = g.originMM
        indexToPhysical = g.direction * Matrix3(diagonal: g.spacingMM)
        guard let inverse = indexToPhysical.inverse else {
            preconditionFailure("LinearImage: a validated geometry has a singular index → physical map")
        }
        physicalToIndex = inverse
    }

    struct Sample {
        var value: Double
        var gx: Double
        var gy: Double
        var gz: Double
    }

    /// The interpolated value (and index-space gradient when asked) at continuous index (x, y, z), or nil outside.
    @inline(__always) func sample(_ x: Double, _ y: Double, _ z: Double, gradient: Bool) -> Sample? {
        guard x >= 0, y >= 0, z >= 0, x <= Double(nx - 1), y <= Double(ny - 1), z <= Double(nz - 1) else {
            return nil
        }
        let i = min(Int(x), nx - 2)
        let j = min(Int(y), ny - 2)
        let k = min(Int(z), nz - 2)
        let fx = x - Double(i)
        let fy = y - Double(j)
        let fz = z - Double(k)
        return values.withUnsafeBufferPointer { v in
            let o = i + nx * (j + ny * k)
            let sy = nx
            let sz = nx * ny
            let c000 = Double(v[o])
            let c100 = Double(v[o + 1])
            let c010 = Double(v[o + sy])
            let c110 = Double(v[o + sy + 1])
            let c001 = Double(v[o + sz])
            let c101 = Double(v[o + sz + 1])
            let c011 = Double(v[o + sz + sy])
            let c111 = Double(v[o + sz + sy + 1])
            let c00 = c000 + fx * (c100 - c000)
            let c10 = c010 + fx * (c110 - c010)
            let c01 = c001 + fx * (c101 - c001)
            let c11 = c011 + fx * (c111 - c011)
            let c0 = c00 + fy * (c10 - c00)
            let c1 = c01 + fy * (c11 - c01)
            let value = c0 + fz * (c1 - c0)
            guard gradient else { return Sample(value: value, gx: 0, gy: 0, gz: 0) }
            let dx0 = (1 - fy) * (c100 - c000) + fy * (c110 - c010)
            let dx1 = (1 - fy) * (c101 - c001) + fy * (c111 - c011)
            let gx = (1 - fz) * dx0 + fz * dx1
            let gy = (1 - fz) * (c10 - c00) + fz * (c11 - c01)
            let gz = c1 - c0
            return Sample(value: value, gx: gx, gy: gy, gz: gz)
        }
    }

    /// The value at a continuous index clamped into the grid (used for fixed samples jittered past the last voxel).
    func clampedValue(_ x: Double, _ y: Double, _ z: Double) -> Double {
        let cx = min(max(x, 0), Double(nx - 1))
        let cy = min(max(y, 0), Double(ny - 1))
        let cz = min(max(z, 0), Double(nz - 1))
        return sample(cx, cy, cz, gradient: false)?.value ?? 0
    }
}

/// Fixed-image sample points (physical, mm, LPS; x, y, z interleaved) with the fixed intensity at each.
struct FixedSamples: Sendable {
    var points: [Double]
    var values: [Float]
    var count: Int { values.count }

    /// Every voxel centre (`.dense`) or `fraction`·voxels random voxels with uniform jitter within the voxel
    /// (`.random`), drawn from a SplitMix64 stream seeded with `seed`.
    init(_ fixed: Volume, sampling: RegistrationConfiguration.Sampling, seed: UInt64) {
        let g = fixed.geometry
        let image = LinearImage(fixed)
        switch sampling {
        case .dense:
            points = []
            points.reserveCapacity(3 * g.voxelCount)
            for k in 0..<g.size.z {
                for j in 0..<g.size.y {
                    for i in 0..<g.size.x {
                        let p = g.physicalPoint(ofIndex: SIMD3(i, j, k))
                        points.append(p.x)
                        points.append(p.y)
                        points.append(p.z)
                    }
                }
            }
            values = fixed.voxels
        case .random(let fraction):
            let count = max(1, Int((fraction * Double(g.voxelCount)).rounded()))
            var rng = SplitMix64(seed: seed)
            points = []
            points.reserveCapacity(3 * count)
            values = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                let voxel = Int(rng.next() % UInt64(g.voxelCount))
                let i = voxel % g.size.x
                let j = (voxel / g.size.x) % g.size.y
                let k = voxel / (g.size.x * g.size.y)
                let n = SIMD3(
                    Double(i) + rng.nextUnit() - 0.5, Double(j) + rng.nextUnit() - 0.5,
                    Double(k) + rng.nextUnit() - 0.5)
                let p = g.physicalPoint(ofContinuousIndex: n)
                points.append(p.x)
                points.append(p.y)
                points.append(p.z)
                values.append(Float(image.clampedValue(n.x, n.y, n.z)))
            }
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator; the same seed gives the same stream.
struct SplitMix64: Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
