import Foundation
import Imaging

/// Registers `moving` onto `fixed`: finds T mapping fixed patient points to moving patient points that minimises
/// the Mattes metric, coarse to fine (SimpleITK `ImageRegistrationMethod.Execute`), then checks the result with the
/// quality guard and resamples the moving image onto the fixed grid.
///
/// Per level ℓ: both images are shrunk by `shrinkFactors[ℓ]` and smoothed by `smoothingSigmasMM[ℓ]`
/// (`ImagePyramid`), fixed samples are drawn (`sampling[ℓ]`, seeded by `seed + ℓ`), parameter scales are
/// estimated from physical shifts of the fixed domain's corners, and the optimiser runs from the previous
/// level's parameters.
///
/// - Parameters:
///   - initialTransform: a starting map (fixed → moving); when nil, `configuration.initialization` decides.
/// - Throws: `RegistrationError` for an invalid configuration, too small, constant or non-finite images, images
///   that do not overlap, or (guard enabled) a result that fails the quality guard; `ImagingError` from geometry.
public func register(
    fixed: Volume, moving: Volume, configuration: RegistrationConfiguration = RegistrationConfiguration(),
    initialTransform: Imaging.AffineTransform? = nil
) throws -> RegistrationResult {
    let config = configuration
    try config.validate()
    try checkImage(fixed, which: "fixed")
    try checkImage(moving, which: "moving")

    var transform = initialParameters(fixed: fixed, moving: moving, config: config, initial: initialTransform)
    let initial = transform
    var history: [Double] = []
    var levels: [LevelReport] = []
    var coarseMetric: MattesMutualInformation?
    var diceLevel: (fixed: Volume, moving: Volume)?

    for level in 0..<config.levelCount {
        let shrink = config.shrinkFactors[level]
        let sigma = config.smoothingSigmasMM[level]
        let fixedLevel = try ImagePyramid.level(fixed, shrink: shrink, sigmaMM: sigma)
        let movingLevel = try ImagePyramid.level(moving, shrink: shrink, sigmaMM: sigma)
        for (volume, which) in [(fixedLevel, "fixed"), (movingLevel, "moving")] {
            let s = volume.size
            guard s.x >= 4, s.y >= 4, s.z >= 4 else {
                throw RegistrationError.imageTooSmall(
                    which: "\(which) (level \(level))", size: [s.x, s.y, s.z], minimum: 4)
            }
        }
        let samples = FixedSamples(fixedLevel, sampling: config.sampling[level], seed: config.seed &+ UInt64(level))
        let metric = MattesMutualInformation(
            fixed: fixedLevel, moving: movingLevel, samples: samples, bins: config.histogramBins)
        if level == 0 { coarseMetric = metric }
        if level == max(0, config.levelCount - 2) { diceLevel = (fixedLevel, movingLevel) }
        let corners = cornerPoints(fixedLevel.geometry)
        let scales = transform.physicalShiftScales(points: corners)
        let minimumSpacing = fixedLevel.geometry.spacingMM.min()
        let run = try optimize(
            metric: metric, transform: &transform, scales: scales, corners: corners, level: level,
            minimumSpacingMM: minimumSpacing, config: config)
        history += run.history
        levels.append(
            LevelReport(
                shrinkFactor: shrink, smoothingSigmaMM: sigma, sampleCount: samples.count, iterations: run.iterations,
                stopReason: run.stopReason, finalMetric: run.finalMetric, parameterScales: scales))
    }
    guard let coarseMetric, let diceLevel, let last = levels.last else {
        throw RegistrationError.invalidConfiguration(problems: ["no pyramid level ran"])
    }
    let quality = qualityReport(
        coarseMetric: coarseMetric, dice: diceLevel, initial: initial, final: transform,
        guardSettings: config.qualityGuard, finalMetric: last.finalMetric)
    if config.qualityGuard.enabled && !quality.passed {
        throw RegistrationError.qualityCheckFailed(reasons: quality.failures)
    }
    let found = transform.affine
    let resampled = resample(moving, onto: fixed.geometry, transform: found, interpolation: config.outputInterpolation)
    return RegistrationResult(
        transform: found, parameters: transform.parameters, finalMetric: last.finalMetric,
        iterations: levels.reduce(0) { $0 + $1.iterations }, stopReason: last.stopReason, metricHistory: history,
        levels: levels, quality: quality, resampledMoving: resampled)
}

/// Rejects images the metric cannot use: non-finite voxels, a constant image.
func checkImage(_ volume: Volume, which: String) throws {
    var lo = Float.infinity
    var hi = -Float.infinity
    for v in volume.voxels {
        guard v.isFinite else { throw RegistrationError.nonFiniteIntensity(which: which) }
        lo = min(lo, v)
        hi = max(hi, v)
    }
    guard hi > lo else { throw RegistrationError.constantImage(which: which, value: lo) }
}

/// The 8 corners of a grid's physical domain (voxel centres at the extreme indices).
func cornerPoints(_ g: Geometry) -> [SIMD3<Double>] {
    var points: [SIMD3<Double>] = []
    for c in 0..<8 {
        let n = SIMD3(
            c & 1 == 0 ? 0 : g.size.x - 1, c & 2 == 0 ? 0 : g.size.y - 1, c & 4 == 0 ? 0 : g.size.z - 1)
        points.append(g.physicalPoint(ofIndex: n))
    }
    return points
}

/// Intensity centroid with weights v − min (mm, LPS).
func centroid(_ volume: Volume) -> SIMD3<Double> {
    let g = volume.geometry
    let lo = volume.voxels.min() ?? 0
    var sum = SIMD3<Double>.zero
    var weight = 0.0
    for k in 0..<g.size.z {
        for j in 0..<g.size.y {
            var rowSum = 0.0
            var rowIndex = 0.0
            let base = g.offset(i: 0, j: j, k: k)
            for i in 0..<g.size.x {
                let w = Double(volume.voxels[base + i] - lo)
                rowSum += w
                rowIndex += w * Double(i)
            }
            guard rowSum > 0 else { continue }
            sum += rowSum * g.physicalPoint(ofContinuousIndex: SIMD3(rowIndex / rowSum, Double(j), Double(k)))
            weight += rowSum
        }
    }
    return weight > 0 ? sum / weight : g.centerMM
}

/// The starting parameters: an explicit transform re-centred at the fixed centre, or the configured initialiser.
func initialParameters(
    fixed: Volume, moving: Volume, config: RegistrationConfiguration, initial: AffineTransform?
) -> ParametricTransform {
    let center: SIMD3<Double>
    let start: AffineTransform
    if let initial {
        center = fixed.geometry.centerMM
        start = initial
    } else {
        switch config.initialization {
        case .identity:
            center = fixed.geometry.centerMM
            start = .identity
        case .geometry:
            center = fixed.geometry.centerMM
            start = AffineTransform(translationMM: moving.geometry.centerMM - center, centerMM: center)
        case .moments:
            center = centroid(fixed)
            start = AffineTransform(translationMM: centroid(moving) - center, centerMM: center)
        }
    }
    return ParametricTransform(kind: config.transform, centerMM: center, from: start)
}

/// One level's optimisation.
struct OptimizerRun {
    var history: [Double]
    var iterations: Int
    var stopReason: StopReason
    var finalMetric: Double
}

/// Regular-step or plain gradient descent on one level.
///
/// Regular step (ITK `RegularStepGradientDescentOptimizerv4`, in scaled coordinates u_k = μ_k·√s_k where s are
/// the physical-shift scales, so one unit of u moves points about 1 mm): with ĝ = (g_k/√s_k), stop when |ĝ| <
/// tolerance; halve (× `relaxationFactor`) the step when ĝ·ĝ_previous < 0; stop when the step < minimum; else
/// μ_k ← μ_k − step·(ĝ_k/|ĝ|)/√s_k. Plain descent (ITK `GradientDescentOptimizerv4`): μ ← μ − η·g/s with η
/// estimated on the first iteration so that the step moves no fixed-domain corner by more than the maximum step
/// (SimpleITK `estimateLearningRate=Once`), or η = the level's learning rate. Both stop early when the
/// convergence window's relative change per iteration (|least-squares slope| / |mean| of the last W values)
/// drops below `minimumConvergenceValue`.
func optimize(
    metric: MattesMutualInformation, transform: inout ParametricTransform, scales: [Double],
    corners: [SIMD3<Double>], level: Int, minimumSpacingMM: Double, config: RegistrationConfiguration
) throws -> OptimizerRun {
    let rootScales = scales.map { $0.squareRoot() }
    var step = config.learningRates[level]
    var learningRate = config.learningRates[level]
    var previous: [Double]?
    var history: [Double] = []
    var iterations = 0
    var stopReason = StopReason.maximumIterations
    let window = config.convergenceWindowSize
    let required = min(config.minimumValidSamples, metric.fixedSamples.count)

    func evaluate(_ t: ParametricTransform, gradient: Bool) throws -> MattesMutualInformation.Evaluation {
        guard let e = metric.evaluate(t, gradient: gradient), e.validSamples >= required else {
            let valid = metric.evaluate(t, gradient: false)?.validSamples ?? 0
            throw RegistrationError.insufficientOverlap(level: level, validSamples: valid, required: required)
        }
        return e
    }

    for iteration in 0..<config.maximumIterations[level] {
        let e = try evaluate(transform, gradient: true)
        history.append(e.value)
        if window > 0, history.count >= window,
            convergenceValue(history.suffix(window)) < config.minimumConvergenceValue
        {
            stopReason = .convergenceWindow
            break
        }
        switch config.optimizer {
        case .regularStepGradientDescent:
            let scaled = zip(e.gradient, rootScales).map { $0 / $1 }
            let magnitude = scaled.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if magnitude < config.gradientMagnitudeTolerance {
                stopReason = .gradientMagnitudeTolerance
                break
            }
            if let previous, zip(scaled, previous).reduce(0, { $0 + $1.0 * $1.1 }) < 0 {
                step *= config.relaxationFactor
            }
            if step < config.minimumStepLength {
                stopReason = .stepTooSmall
                break
            }
            for k in 0..<scaled.count {
                transform.parameters[k] -= step * scaled[k] / magnitude / rootScales[k]
            }
            previous = scaled
        case .gradientDescent:
            let direction = zip(e.gradient, scales).map { $0 / $1 }
            if iteration == 0 && config.estimateLearningRate {
                let maximumStep = config.maximumStepSizeMM > 0 ? config.maximumStepSizeMM : minimumSpacingMM
                // Linearised: the shift of a tiny step ε·direction, divided by ε.
                let largest = zip(direction, rootScales).map { abs($0 * $1) }.max() ?? 0
                let epsilon = largest > 0 ? 1e-4 / largest : 0
                let shift =
                    epsilon > 0
                    ? transform.maximumShifts(step: direction.map { $0 * epsilon }, points: corners) / epsilon : 0
                learningRate = shift > 0 ? maximumStep / shift : config.learningRates[level]
            }
            for k in 0..<direction.count { transform.parameters[k] -= learningRate * direction[k] }
        }
        if stopReason != .maximumIterations { break }
        iterations += 1
    }
    let final = try evaluate(transform, gradient: false).value
    return OptimizerRun(history: history, iterations: iterations, stopReason: stopReason, finalMetric: final)
}

/// |least-squares slope| / |mean| of a window of metric values (relative change per iteration).
func convergenceValue(_ values: ArraySlice<Double>) -> Double {
    let n = Double(values.count)
    let meanX = (n - 1) / 2
    let meanY = values.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    for (i, v) in values.enumerated() {
        let dx = Double(i) - meanX
        sxy += dx * (v - meanY)
        sxx += dx * dx
    }
    return abs(sxy / sxx) / max(abs(meanY), 1e-12)
}
