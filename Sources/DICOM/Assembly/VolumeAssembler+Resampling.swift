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
        // Every slice shares the output's in-plane axes (row, column ⟂ n), so projecting an output
        // voxel along n onto slice k lands at a constant in-plane offset: pixel (i, j) of the output
        // reads slice k at (i + iMin − u_k, j + jMin − v_k). One shifted bilinear pass per slice.
        let offsets = slices.map { slice -> SIMD2<Double> in
            let offset = slice.positionMM - first
            return SIMD2(offset.dot(row) / spacing.x, offset.dot(column) / spacing.y)
        }
        let (outWidth, outHeight) = (output.size.x, output.size.y)
        let planeCount = outWidth * outHeight
        var voxels = [Float](repeating: fill, count: output.voxelCount)
        func read(_ k: Int) -> [Float] {
            ShiftedBilinear(
                width: columns, height: rows,
                shift: SIMD2(Double(iMin) - offsets[k].x, Double(jMin) - offsets[k].y),
                outputWidth: outWidth, outputHeight: outHeight
            ).sample(loaded[k])
        }
        for z in 0..<nz {
            let e = d[0] + Double(z) * spacing.z
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

/// Bilinear sampling of a W×H image at (i + shift.x, j + shift.y) for every output pixel (i, j),
/// with `Imaging.resample`'s `.linear` rules: a coordinate c is inside when −0.5 ≤ c < size − 0.5,
/// neighbours ⌊c⌋ and ⌊c⌋ + 1 are clamped to the image, and outside points read NaN. The shift is
/// the same for every pixel, so the neighbour indices and weights are computed once per column
/// and once per row.
struct ShiftedBilinear {
    let width: Int
    let height: Int
    let shift: SIMD2<Double>
    let outputWidth: Int
    let outputHeight: Int

    /// For each output index along one axis: the two clamped neighbours and the weight of the
    /// second, or nil outside.
    static func taps(count: Int, size: Int, shift: Double) -> [(Int, Int, Float)?] {
        (0..<count).map { i in
            let c = Double(i) + shift
            guard c >= -0.5, c < Double(size) - 0.5 else { return nil }
            let base = c.rounded(.down)
            let lower = Int(base)
            return (min(max(lower, 0), size - 1), min(max(lower + 1, 0), size - 1), Float(c - base))
        }
    }

    func sample(_ pixels: [Float]) -> [Float] {
        let columnsTaps = Self.taps(count: outputWidth, size: width, shift: shift.x)
        let rowTaps = Self.taps(count: outputHeight, size: height, shift: shift.y)
        var out = [Float](repeating: .nan, count: outputWidth * outputHeight)
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for (j, rowTap) in rowTaps.enumerated() {
                    guard let (r0, r1, fy) = rowTap else { continue }
                    let top = p.baseAddress! + r0 * width
                    let bottom = p.baseAddress! + r1 * width
                    let line = o.baseAddress! + j * outputWidth
                    for (i, columnTap) in columnsTaps.enumerated() {
                        guard let (c0, c1, fx) = columnTap else { continue }
                        let upper = top[c0] + fx * (top[c1] - top[c0])
                        let lower = bottom[c0] + fx * (bottom[c1] - bottom[c0])
                        line[i] = upper + fy * (lower - upper)
                    }
                }
            }
        }
        return out
    }
}
