import Imaging

/// Why an optimiser stopped (SimpleITK's readable stop condition).
public enum StopReason: String, Sendable, Equatable, Codable {
    /// The level's iteration limit was reached.
    case maximumIterations
    /// The regular step shrank below `minimumStepLength`.
    case stepTooSmall
    /// The scaled gradient's magnitude fell below `gradientMagnitudeTolerance`.
    case gradientMagnitudeTolerance
    /// The metric's relative change over the convergence window fell below `minimumConvergenceValue`.
    case convergenceWindow
}

/// What one pyramid level did.
public struct LevelReport: Sendable, Equatable, Codable {
    /// Shrink factor of the level.
    public var shrinkFactor: Int
    /// Smoothing σ (mm).
    public var smoothingSigmaMM: Double
    /// Fixed sample points used.
    public var sampleCount: Int
    /// Optimiser updates made.
    public var iterations: Int
    /// Why the level stopped.
    public var stopReason: StopReason
    /// Metric at the level's final parameters.
    public var finalMetric: Double
    /// Parameter scales (physical shift) used.
    public var parameterScales: [Double]
}

/// The quality guard's measurements, on the coarsest pyramid level's samples and grid.
public struct QualityReport: Sendable, Equatable, Codable {
    /// Mattes value at the initial transform.
    public var metricBefore: Double
    /// Mattes value at the final transform.
    public var metricAfter: Double
    /// Dice of the head outlines (Otsu threshold of each image, on the finest pyramid level but one) at the initial
    /// transform.
    public var diceBefore: Double
    /// Dice of the head outlines at the final transform.
    public var diceAfter: Double
    /// Failed checks (empty when the guard passes).
    public var failures: [String]
    /// Whether every check passed.
    public var passed: Bool { failures.isEmpty }
}

/// The outcome of `register(fixed:moving:configuration:)`.
public struct RegistrationResult: Sendable {
    /// The found map from FIXED patient points (mm, LPS) to MOVING patient points, ITK centred form.
    public var transform: Imaging.AffineTransform
    /// The transform's parameters in ITK order for the configured family.
    public var parameters: [Double]
    /// Mattes value (−MI, nats) at the final transform on the last level's samples.
    public var finalMetric: Double
    /// Optimiser updates over all levels.
    public var iterations: Int
    /// Why the last level stopped.
    public var stopReason: StopReason
    /// Every metric value the optimiser saw, all levels in order.
    public var metricHistory: [Double]
    /// One report per level, coarsest first.
    public var levels: [LevelReport]
    /// The quality guard's measurements.
    public var quality: QualityReport
    /// The moving image resampled onto the fixed grid under `transform`.
    public var resampledMoving: Volume

    /// The 4×4 homogeneous matrix (row-major, 16 values) of `transform`: [A o; 0 0 0 1] with o = c + t − A·c,
    /// mapping fixed patient points to moving patient points (mm, LPS).
    public var matrix4x4: [Double] {
        let a = transform.matrix
        let o = transform.offsetMM
        return [
            a[0, 0], a[0, 1], a[0, 2], o.x, a[1, 0], a[1, 1], a[1, 2], o.y, a[2, 0], a[2, 1], a[2, 2], o.z, 0, 0, 0, 1,
        ]
    }
}

/// Foundation also declares an `AffineTransform` (2-D); inside this target the name means
/// `Imaging.AffineTransform`, the fixed → moving map of physical points.
typealias AffineTransform = Imaging.AffineTransform
