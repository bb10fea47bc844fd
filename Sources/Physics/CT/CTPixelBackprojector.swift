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
        var image = [Float](repeating: 0, count: width * height)
        filtered.withUnsafeBufferPointer { filtered in
            image.withUnsafeMutableBufferPointer { image in
                let source = CTSharedPointer(base: UnsafeMutablePointer(mutating: filtered.baseAddress!))
                let target = CTSharedPointer(base: image.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: height) { row in
                    let line = target.base + row * width
                    let start = geometry.pixelCentre(column: 0, row: row)
                    let pixel = geometry.pixelSizeCM
                    for view in 0..<views {
                        let map = maps[view]
                        let projection = source.base + view * bins
                        // Numerator and denominator are affine in the column index.
                        let n0 = (map.numerator * start).sum() + map.numeratorOffset
                        let d0 = (map.denominator * start).sum() + map.denominatorOffset
                        let dn = map.numerator.x * pixel, dd = map.denominator.x * pixel
                        for column in 0..<width {
                            let denominator = d0 + Double(column) * dd
                            let t = Float((n0 + Double(column) * dn) / denominator)
                            guard t >= 0, t <= lastBin else { continue }
                            let lower = t.rounded(.down)
                            let index = Int(lower)
                            let fraction = t - lower
                            var value = projection[index]
                            if fraction > 0 { value += fraction * (projection[index + 1] - value) }
                            let weight = distanceWeighted ? step / (denominator * denominator) : step
                            line[column] += Float(weight) * value
                        }
                    }
                }
            }
        }
        return image
    }
}
