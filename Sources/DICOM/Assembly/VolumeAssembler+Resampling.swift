import Imaging

extension VolumeAssembler {
    /// Resamples slices at arbitrary positions onto a regular grid orthogonal to their planes.
    ///
    /// The grid: direction (row, column, n); in-plane spacing as stored; slice spacing the median
    /// step; planes from the first slice's coordinate d₀ along n, nz = round((d_last − d₀)/step) + 1
    /// of them; in plane, the lattice of the first slice's pixels extended to cover every slice's
    /// pixels (for a tilted series the field of view grows by the total shear).
    ///
    /// A voxel p on plane e = p·n is read from the two slices a, b whose coordinates bracket e:
    /// each is sampled bilinearly (`Imaging.resample`, `.linear`) at the projection of p along n onto
    /// its plane, p + (d − e)·n, and the two are blended with w = (e − d_a)/(d_b − d_a). A plane
    /// within 1e-6 × step of a slice reads that slice alone; planes past the last slice (by at most
    /// half a step, from rounding nz) read the last. This reproduces any function linear in patient
    /// coordinates exactly inside the slices' pixel extents. Voxels that either bracketing slice does
    /// not cover get `fill`.
    func resampled(_ slices: [GeometrySlice], loaded: [[Float]], layout: Layout, fill: Float) throws -> Volume {
        let (columns, rows) = (slices[0].instance.columns, slices[0].instance.rows)
        let (row, column, normal, spacing) = (layout.row, layout.column, layout.normal, layout.spacing)
        let first = slices[0].positionMM
        let d = slices.map { $0.positionMM.dot(normal) }
        var (uMin, uMax, vMin, vMax) = (0.0, 0.0, 0.0, 0.0)
        for slice in slices {
            let offset = slice.positionMM - first
            let (u, v) = (offset.dot(row) / spacing.x, offset.dot(column) / spacing.y)
            (uMin, uMax, vMin, vMax) = (min(uMin, u), max(uMax, u), min(vMin, v), max(vMax, v))
        }
        let (iMin, jMin) = (Int((uMin + 1e-6).rounded(.down)), Int((vMin + 1e-6).rounded(.down)))
        let iMax = Int((uMax - 1e-6).rounded(.up)) + columns - 1
        let jMax = Int((vMax - 1e-6).rounded(.up)) + rows - 1
        let nz = Int(((d[d.count - 1] - d[0]) / spacing.z).rounded()) + 1
        let origin = first + Double(iMin) * spacing.x * row + Double(jMin) * spacing.y * column
        let output = try layout.geometry(size: SIMD3(iMax - iMin + 1, jMax - jMin + 1, nz), origin: origin)
        let sources = try slices.indices.map { k in
            try Volume(
                geometry: layout.geometry(size: SIMD3(columns, rows, 1), origin: slices[k].positionMM),
                voxels: loaded[k])
        }
        let planeCount = output.size.x * output.size.y
        var voxels = [Float](repeating: fill, count: output.voxelCount)
        for z in 0..<nz {
            let e = d[0] + Double(z) * spacing.z
            let target = try output.slice(z)
            func read(_ k: Int) -> [Float] {
                resample(
                    sources[k], onto: target, transform: .translation((d[k] - e) * normal), interpolation: .linear,
                    fill: .nan
                ).voxels
            }
            let (a, b, w) = Self.bracket(e, in: d, epsilon: 1e-6 * spacing.z)
            var plane = read(a)
            if let b {
                let other = read(b)
                let (wa, wb) = (Float(1 - w), Float(w))
                for q in plane.indices { plane[q] = wa * plane[q] + wb * other[q] }
            }
            for q in plane.indices where !plane[q].isNaN { voxels[z * planeCount + q] = plane[q] }
        }
        return try Volume(geometry: output, voxels: voxels)
    }

    /// The slices bracketing coordinate e in ascending `d`: (a, b, w) with value = (1 − w)·a + w·b, or
    /// (a, nil, 0) when e is within `epsilon` of slice a or outside [d₀, d_last].
    static func bracket(_ e: Double, in d: [Double], epsilon: Double) -> (Int, Int?, Double) {
        let last = d.count - 1
        if e <= d[0] + epsilon { return (0, nil, 0) }
        if e >= d[last] - epsilon { return (last, nil, 0) }
        var (low, high) = (0, last)  // d[low] ≤ e < d[high]
        while high - low > 1 {
            let mid = (low + high) / 2
            if d[mid] <= e { low = mid } else { high = mid }
        }
        if e - d[low] <= epsilon { return (low, nil, 0) }
        if d[high] - e <= epsilon { return (high, nil, 0) }
        return (low, high, (e - d[low]) / (d[high] - d[low]))
    }
}
