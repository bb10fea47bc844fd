import Imaging

/// Every setting of an intensity-based registration (SimpleITK `ImageRegistrationMethod` habits):
/// per-level arrays for the pyramid, sampling and step lengths, an explicit bin count and seed.
///
/// `RegistrationConfiguration()` is the accurate default (rigid, Mattes MI with 50 bins, regular-step gradient
/// descent, shrink 4/2/1 with smoothing 2/1/0 mm, dense sampling at the coarsest level and random sampling
/// above); `.authors` reproduces the published pipeline's settings.
public struct RegistrationConfiguration: Sendable, Equatable, Codable {
    /// The transform family optimised.
    public enum TransformKind: String, Sendable, Equatable, Codable, CaseIterable {
        /// y = x + t: 3 parameters (tx, ty, tz) in mm.
        case translation
        /// ITK `Euler3DTransform` about the centre, ZXY order: (θx, θy, θz) radians then (tx, ty, tz) mm.
        case rigid
        /// ITK `AffineTransform` about the centre: the 9 matrix entries row by row, then (tx, ty, tz) mm.
        case affine
    }

    /// How the transform is initialised before optimisation (ITK `CenteredTransformInitializer`).
    public enum Initialization: String, Sendable, Equatable, Codable, CaseIterable {
        /// Identity map about the fixed image's geometric centre.
        case identity
        /// Centre c = fixed geometric centre, t = moving geometric centre − c (ITK `GEOMETRY`).
        case geometry
        /// Centre c = fixed intensity centroid, t = moving centroid − c (ITK `MOMENTS`); intensities are
        /// shifted by their minimum so that they are non-negative weights.
        case moments
    }

    /// Which fixed-image points the metric is evaluated on, per level.
    public enum Sampling: Sendable, Equatable, Codable {
        /// Every fixed voxel centre (ITK `NONE` sampling).
        case dense
        /// A fraction (0, 1] of the fixed voxels drawn at random with replacement, each jittered uniformly
        /// within its voxel (ITK `RANDOM`), from the configuration's seed.
        case random(fraction: Double)
    }

    /// The optimiser.
    public enum Optimizer: String, Sendable, Equatable, Codable, CaseIterable {
        /// ITK `RegularStepGradientDescentOptimizerv4`: steps of fixed length along the scaled gradient,
        /// relaxed when the gradient turns back.
        case regularStepGradientDescent
        /// ITK `GradientDescentOptimizerv4`: x ← x − η·g/scales, η estimated once per level so that the
        /// first step moves a point by at most `maximumStepSizeMM` (SimpleITK `estimateLearningRate=Once`).
        case gradientDescent
    }

    /// The quality guard applied after registration (see `QualityReport`).
    public struct QualityGuard: Sendable, Equatable, Codable {
        /// Whether a failed check throws `RegistrationError.qualityCheckFailed`.
        public var enabled: Bool = true
        /// The final Mattes value (−MI, nats, lower is better) must be ≤ this.
        public var maximumFinalMetric: Double = -0.05
        /// The metric at the final transform may exceed the one at the initial transform by at most this (nats),
        /// both on the coarsest level (default 0.02: a start already at the optimum ends a little above the coarse
        /// optimum, because the finer levels move it).
        public var maximumMetricIncrease: Double = 0.02
        /// Dice of the head outlines (Otsu masks) after registration must be ≥ this.
        public var minimumDiceAfter: Double = 0.7
        /// Dice after registration may fall below Dice before by at most this.
        public var maximumDiceDecrease: Double = 0.02

        /// The default guard.
        public init() {}
    }

    /// Transform family (default `.rigid`).
    public var transform: TransformKind = .rigid
    /// Initialisation (default `.geometry`).
    public var initialization: Initialization = .geometry
    /// Mattes histogram bins per image (default 50, as SimpleITK); ≥ 5 (4 of them are padding).
    public var histogramBins: Int = 50
    /// Shrink factor per level, coarsest first (default [4, 2, 1]).
    public var shrinkFactors: [Int] = [4, 2, 1]
    /// Gaussian smoothing σ per level in mm, applied on the shrunk grid (default [2, 1, 0]).
    public var smoothingSigmasMM: [Double] = [2, 1, 0]
    /// Sampling per level (default dense at 4, 25 % at 2, 2 % at full resolution).
    public var sampling: [Sampling] = [.dense, .random(fraction: 0.25), .random(fraction: 0.02)]
    /// Seed of the random sampling; the same seed gives the same result.
    public var seed: UInt64 = 20_260_101
    /// Optimiser (default `.regularStepGradientDescent`).
    public var optimizer: Optimizer = .regularStepGradientDescent
    /// Per level: initial step length (regular step, in scaled-parameter units ≈ mm) or the learning rate
    /// (plain gradient descent, used as is when `estimateLearningRate` is false). Default [2, 1, 0.5].
    public var learningRates: [Double] = [2, 1, 0.5]
    /// Maximum iterations per level (default [100, 60, 30]).
    public var maximumIterations: [Int] = [100, 60, 30]
    /// Regular step: stop when the step length falls below this (default 1e-3).
    public var minimumStepLength: Double = 1e-3
    /// Regular step: factor applied to the step when the gradient turns back (default 0.5).
    public var relaxationFactor: Double = 0.5
    /// Regular step: stop when |scaled gradient| < this (default 1e-8).
    public var gradientMagnitudeTolerance: Double = 1e-8
    /// Plain gradient descent: estimate η once per level from `maximumStepSizeMM` (default true, as SimpleITK).
    public var estimateLearningRate: Bool = true
    /// Largest physical shift of the first plain-gradient step when estimating η; 0 = the level's minimum
    /// spacing, as ITK (default 0).
    public var maximumStepSizeMM: Double = 0
    /// Convergence window length in iterations (ITK `convergenceWindowSize`, default 10); 0 disables.
    public var convergenceWindowSize: Int = 10
    /// Stop when the window's relative metric change per iteration is below this (default 1e-5).
    public var minimumConvergenceValue: Double = 1e-5
    /// Fewest valid samples (mapping inside the moving image) per level; fewer throws `.insufficientOverlap`.
    public var minimumValidSamples: Int = 500
    /// Interpolation of the resampled output (the metric itself always uses trilinear interpolation).
    public var outputInterpolation: Interpolation = .linear
    /// Quality guard thresholds.
    public var qualityGuard = QualityGuard()

    /// The accurate default configuration.
    public init() {}

    /// The authors' settings: SimpleITK Mattes MI with 100 bins, 1 % random sampling, plain gradient descent
    /// with learning rate 1.0 (estimated once, as SimpleITK's default) and 100 iterations per level, Euler 3-D
    /// about the geometric centres, pyramid shrink 4/2/1 with smoothing 2/1/0 mm (the authors' code; the paper
    /// states an affine transform: set `transform = .affine` for that variant).
    public static var authors: RegistrationConfiguration {
        var c = RegistrationConfiguration()
        c.transform = .rigid
        c.initialization = .geometry
        c.histogramBins = 100
        c.shrinkFactors = [4, 2, 1]
        c.smoothingSigmasMM = [2, 1, 0]
        c.sampling = Array(repeating: .random(fraction: 0.01), count: 3)
        c.optimizer = .gradientDescent
        c.learningRates = [1, 1, 1]
        c.maximumIterations = [100, 100, 100]
        c.estimateLearningRate = true
        c.convergenceWindowSize = 10
        c.minimumConvergenceValue = 1e-6
        return c
    }

    /// Number of pyramid levels.
    public var levelCount: Int { shrinkFactors.count }

    /// Every problem with the configuration, empty when it is valid.
    public var problems: [String] {
        var problems: [String] = []
        let n = shrinkFactors.count
        if n == 0 { problems.append("shrinkFactors is empty: give at least one level") }
        if histogramBins < 5 { problems.append("histogramBins = \(histogramBins): need ≥ 5") }
        if shrinkFactors.contains(where: { $0 < 1 }) { problems.append("shrinkFactors \(shrinkFactors): each ≥ 1") }
        for (name, count) in [
            ("smoothingSigmasMM", smoothingSigmasMM.count), ("sampling", sampling.count),
            ("learningRates", learningRates.count), ("maximumIterations", maximumIterations.count),
        ] where count != n {
            problems.append("\(name) has \(count) entries for \(n) levels: give one per level")
        }
        if smoothingSigmasMM.contains(where: { !($0 >= 0 && $0.isFinite) }) {
            problems.append("smoothingSigmasMM \(smoothingSigmasMM): each finite and ≥ 0")
        }
        for s in sampling {
            if case .random(let f) = s, !(f > 0 && f <= 1) {
                problems.append("sampling fraction \(f): must be in (0, 1]")
            }
        }
        if learningRates.contains(where: { !($0 > 0 && $0.isFinite) }) {
            problems.append("learningRates \(learningRates): each finite and > 0")
        }
        if maximumIterations.contains(where: { $0 < 1 }) {
            problems.append("maximumIterations \(maximumIterations): each ≥ 1")
        }
        if !(minimumStepLength > 0) { problems.append("minimumStepLength = \(minimumStepLength): must be > 0") }
        if !(relaxationFactor > 0 && relaxationFactor < 1) {
            problems.append("relaxationFactor = \(relaxationFactor): must be in (0, 1)")
        }
        if !(gradientMagnitudeTolerance >= 0) {
            problems.append("gradientMagnitudeTolerance = \(gradientMagnitudeTolerance): must be ≥ 0")
        }
        if !(maximumStepSizeMM >= 0 && maximumStepSizeMM.isFinite) {
            problems.append("maximumStepSizeMM = \(maximumStepSizeMM): must be finite and ≥ 0")
        }
        if convergenceWindowSize < 0 || convergenceWindowSize == 1 {
            problems.append("convergenceWindowSize = \(convergenceWindowSize): 0 (off) or ≥ 2")
        }
        if !(minimumConvergenceValue >= 0) {
            problems.append("minimumConvergenceValue = \(minimumConvergenceValue): must be ≥ 0")
        }
        if minimumValidSamples < 1 { problems.append("minimumValidSamples = \(minimumValidSamples): must be ≥ 1") }
        return problems
    }

    /// Throws `RegistrationError.invalidConfiguration` listing every problem at once.
    public func validate() throws {
        let problems = self.problems
        if !problems.isEmpty { throw RegistrationError.invalidConfiguration(problems: problems) }
    }
}
