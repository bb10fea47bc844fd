import Foundation
import Imaging

/// Otsu's threshold (Otsu 1979) of a volume over 256 equal bins of [min, max]: the bin edge maximising the
/// between-class variance; separates head from air in CT and MR alike.
func otsuThreshold(_ voxels: [Float]) -> Float {
    guard let lo = voxels.min(), let hi = voxels.max(), hi > lo else { return voxels.first ?? 0 }
    let bins = 256
    let width = Double(hi - lo) / Double(bins)
    var histogram = [Double](repeating: 0, count: bins)
    for v in voxels { histogram[min(bins - 1, Int(Double(v - lo) / width))] += 1 }
    let total = Double(voxels.count)
    let totalMean = histogram.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element } / total
    var weight0 = 0.0
    var sum0 = 0.0
    var best = (variance: -1.0, bin: 0)
    for t in 0..<(bins - 1) {
        weight0 += histogram[t] / total
        sum0 += Double(t) * histogram[t] / total
        let weight1 = 1 - weight0
        guard weight0 > 0, weight1 > 0 else { continue }
        let mean0 = sum0 / weight0
        let mean1 = (totalMean - sum0) / weight1
        let variance = weight0 * weight1 * (mean0 - mean1) * (mean0 - mean1)
        if variance > best.variance { best = (variance, t) }
    }
    return lo + Float(Double(best.bin + 1) * width)
}

/// Dice of the fixed head mask (fixed > its Otsu threshold) and the moving head mask read at T(x) for every
/// fixed voxel centre x (moving > its Otsu threshold; outside the moving image counts as background). Slices
/// are counted in parallel.
func headDice(fixed: Volume, moving: Volume, transform: AffineTransform) -> Double {
    let fixedThreshold = otsuThreshold(fixed.voxels)
    let movingThreshold = Double(otsuThreshold(moving.voxels))
    let image = LinearImage(moving)
    let g = fixed.geometry
    let counts = parallelMap(Array(0..<g.size.z), threads: ProcessInfo.processInfo.activeProcessorCount) { k in
        var (both, fixedCount, movingCount) = (0, 0, 0)
        for j in 0..<g.size.y {
            for i in 0..<g.size.x {
                let inFixed = fixed.voxels[g.offset(i: i, j: j, k: k)] > fixedThreshold
                let y = transform.apply(to: g.physicalPoint(ofIndex: SIMD3(i, j, k)))
                let n = image.physicalToIndex * (y - image.originMM)
                let inMoving = (image.sample(n.x, n.y, n.z, gradient: false)?.value ?? -.infinity) > movingThreshold
                if inFixed { fixedCount += 1 }
                if inMoving { movingCount += 1 }
                if inFixed && inMoving { both += 1 }
            }
        }
        return SIMD3(both, fixedCount, movingCount)
    }
    let total = counts.reduce(SIMD3<Int>.zero, &+)
    return total.y + total.z > 0 ? 2 * Double(total.x) / Double(total.y + total.z) : 0
}

/// The guard's measurements and its failed checks: final metric above `maximumFinalMetric`, metric on the
/// coarsest level (`coarseMetric`, its samples) worse than at the start by more than `maximumMetricIncrease`,
/// Dice after below `minimumDiceAfter`, or Dice fallen by more than `maximumDiceDecrease`.
///
/// Dice is measured on the finest level but one (shrink 2, σ 1 mm by default). On the coarsest (12 mm voxels for
/// a 3 mm CT) a head is a few voxels across, and interpolating it at a correct sub-voxel shift blurs its outline
/// enough to lower Dice: with a couch beside the head, a correct registration fell from 0.877 to 0.853 and was
/// refused. On the finest, unsmoothed level a pair aligned from the start fell from 1.0 to 0.980 after the
/// optimiser's small drift from the optimum, and was refused too.
func qualityReport(
    coarseMetric: MattesMutualInformation, dice: (fixed: Volume, moving: Volume), initial: ParametricTransform,
    final: ParametricTransform, guardSettings q: RegistrationConfiguration.QualityGuard, finalMetric: Double
) -> QualityReport {
    let before = coarseMetric.evaluate(initial, gradient: false)?.value ?? 0
    let after = coarseMetric.evaluate(final, gradient: false)?.value ?? 0
    let diceBefore = headDice(fixed: dice.fixed, moving: dice.moving, transform: initial.affine)
    let diceAfter = headDice(fixed: dice.fixed, moving: dice.moving, transform: final.affine)
    var failures: [String] = []
    if !(finalMetric <= q.maximumFinalMetric) {
        failures.append("final metric \(finalMetric) > maximum \(q.maximumFinalMetric) (no shared information)")
    }
    if !(after <= before + q.maximumMetricIncrease) {
        failures.append("metric rose from \(before) to \(after) on the coarsest level")
    }
    if !(diceAfter >= q.minimumDiceAfter) {
        failures.append("head-outline Dice \(diceAfter) < minimum \(q.minimumDiceAfter)")
    }
    if !(diceAfter >= diceBefore - q.maximumDiceDecrease) {
        failures.append("head-outline Dice fell from \(diceBefore) to \(diceAfter)")
    }
    return QualityReport(
        metricBefore: before, metricAfter: after, diceBefore: diceBefore, diceAfter: diceAfter, failures: failures)
}
