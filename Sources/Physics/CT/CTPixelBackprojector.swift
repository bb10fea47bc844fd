import Dispatch

/// Pixel-driven backprojection of filtered projections, the last step of analytic FBP:
///
///     f(p) = Σ_k Δθ · U_k(p)^(−m) · q_k(t_k(p))
///
/// where t_k(p) is the continuous bin index of pixel centre p in view k (`CTDetectorMap`), q_k is
/// linearly interpolated between bin centres (0 outside [0, N − 1], as numpy's `interp` with
/// left = right = 0 in scikit-image's `iradon`), U_k(p) is the source distance ratio and m = 2
/// gives the fan-beam distance weight 1/U² of Kak & Slaney eq. 3.120 (m = 0 for parallel beam).
/// Rows run in parallel, each pixel summing its views in order, so the result does not depend on
/// the thread count.
enum CTPixelBackprojector {
    /// Backprojects V×N `filtered` (row-major, view-major) onto the geometry's grid.
    static func backproject(
        _ filtered: [Float], geometry: some CTScanGeometry, distanceWeighted: Bool
    ) -> [Float] {
        let width = geometry.imageWidth, height = geometry.imageHeight
        let bins = geometry.detectorBins, views = geometry.views
        let step = geometry.angularStepRadians
        let maps = (0..<views).map { geometry.detectorMap(view: $0) }
        let lastBin = Float(bins - 1)
        // Each view's row with one zero appended (stride bins + 1), so interpolation can always
        // read index + 1 without a branch (t = N − 1 exactly reads the zero with weight 0).
        let stride = bins + 1
        var padded = [Float](repeating: 0, count: views * stride)
        for view in 0..<views {
            padded.withUnsafeMutableBufferPointer { out in
                filtered.withUnsafeBufferPointer { source in
                    (out.baseAddress! + view * stride).update(from: source.baseAddress! + view * bins, count: bins)
                }
            }
        }
        var image = [Float](repeating: 0, count: width * height)
        padded.withUnsafeBufferPointer { filtered in
            image.withUnsafeMutableBufferPointer { image in
                let source = CTSharedPointer(base: UnsafeMutablePointer(mutating: filtered.baseAddress!))
                let target = CTSharedPointer(base: image.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: height) { row in
                    let line = target.base + row * width
                    let start = geometry.pixelCentre(column: 0, row: row)
                    let pixel = geometry.pixelSizeCM
                    for view in 0..<views {
                        let map = maps[view]
                        let projection = source.base + view * stride
                        // Numerator and denominator are affine in the column index.
                        let n0 = (map.numerator * start).sum() + map.numeratorOffset
                        let d0 = (map.denominator * start).sum() + map.denominatorOffset
                        let dn = map.numerator.x * pixel, dd = map.denominator.x * pixel
                        if !distanceWeighted && dd == 0 {
                            // Parallel beam: the denominator is constant along the row, so t is
                            // affine in the column and the in-detector columns form one range.
                            let inverse = 1 / d0
                            let t0 = n0 * inverse, dt = dn * inverse
                            let columns = validColumns(t0: t0, dt: dt, lastBin: Double(bins - 1), width: width)
                            let weight = Float(step)
                            for column in columns {
                                let t = t0 + Double(column) * dt
                                // t ≥ 0 here, so truncation is floor (and avoids a libm call:
                                // the baseline x86-64 target has no SSE4.1 round instruction).
                                let index = Int(t)
                                let fraction = Float(t - Double(index))
                                let value = projection[index] + fraction * (projection[index + 1] - projection[index])
                                line[column] += weight * value
                            }
                            continue
                        }
                        for column in 0..<width {
                            let denominator = d0 + Double(column) * dd
                            let t = Float((n0 + Double(column) * dn) / denominator)
                            guard t >= 0, t <= lastBin else { continue }
                            let index = Int(t)  // t ≥ 0: truncation is floor, without a libm call
                            let fraction = t - Float(index)
                            let value = projection[index] + fraction * (projection[index + 1] - projection[index])
                            let weight = distanceWeighted ? step / (denominator * denominator) : step
                            line[column] += Float(weight) * value
                        }
                    }
                }
            }
        }
        return image
    }

    /// The columns c in 0..<width with 0 ≤ t0 + c·dt ≤ lastBin (empty when none).
    static func validColumns(t0: Double, dt: Double, lastBin: Double, width: Int) -> Range<Int> {
        guard dt != 0 else { return t0 >= 0 && t0 <= lastBin ? 0..<width : 0..<0 }
        let (a, b) = ((0 - t0) / dt, (lastBin - t0) / dt)
        let low = max(0, Int(min(a, b).rounded(.up)))
        let high = min(width, Int(max(a, b).rounded(.down)) + 1)
        // Guard the ends against rounding: keep only columns whose t really lies in range.
        var range = low..<max(low, high)
        while let first = range.first, !(0...lastBin).contains(t0 + Double(first) * dt) { range = (first + 1)..<range.upperBound }
        while let last = range.last, !(0...lastBin).contains(t0 + Double(last) * dt) { range = range.lowerBound..<last }
        return range
    }
}
