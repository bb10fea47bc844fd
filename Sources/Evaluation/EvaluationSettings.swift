import Physics

/// What an evaluation measures and on which slices; the defaults are the paper's experiments
/// (`docs/evaluation/README.md` explains each).
public struct EvaluationSettings: Codable, Sendable, Equatable {
    /// The experiments, by identifier (`ExperimentKind`).
    public var experiments = ExperimentKind.allCases
    /// The acquisition the model is tested at (the paper's 64 views and 4×), with the model card's beam, mask
    /// kind and seeds; the experiments change views, acceleration and shift from here.
    public var simulation = SensorSimulation()
    /// Slices per subject, evenly spaced over its stored slices (nil: every slice).
    public var slicesPerSubject: Int?
    /// Slices per subject for the λ-map optimisation, evenly spaced (its 40 decoder gradient steps per slice
    /// make it the slowest experiment).
    public var lambdaMapSlicesPerSubject = 4
    /// Gradient steps of each λ-map optimisation (`LambdaMapOptimiser.iterations`).
    public var lambdaMapIterations = 40
    /// λ of the sweep (paper Fig. 2B: 0, 0.1, …, 1).
    public var sweepLambdas: [Float] = (0...10).map { Float($0) / 10 }
    /// CT views of the cross-modal experiment (Fig. 6), at the base acceleration.
    public var crossModalViews = [16, 32, 64]
    /// MR accelerations of the cross-modal experiment, at the base views.
    public var crossModalAccelerations = [4.0, 8.0, 16.0]
    /// (views, acceleration) of the sampling-robustness experiment (Fig. 7).
    public var robustnessSettings: [Acquisition] = [
        Acquisition(views: 64, acceleration: 4), Acquisition(views: 64, acceleration: 8),
        Acquisition(views: 64, acceleration: 16), Acquisition(views: 32, acceleration: 4),
        Acquisition(views: 16, acceleration: 4),
    ]
    /// CT shifts in pixels (along x and y) of the misregistration experiment (Fig. 10).
    public var misregistrationShifts = [5, 10, 15]
    /// λ of the hybrids compared in the misregistration experiment.
    public var misregistrationLambdas: [Float] = [0.3, 0.5, 0.7]

    public init() {}

    /// A CT view count and an MR acceleration.
    public struct Acquisition: Codable, Sendable, Hashable {
        public var views: Int
        public var acceleration: Double

        public init(views: Int, acceleration: Double) {
            self.views = views
            self.acceleration = acceleration
        }

        /// The paper's notation: "64c+1/4m".
        public var label: String {
            let a = acceleration.rounded() == acceleration ? String(Int(acceleration)) : String(acceleration)
            return "\(views)c+1/\(a)m"
        }
    }

    /// Every violated rule, one sentence each.
    public var problems: [String] {
        var p: [String] = []
        if experiments.isEmpty { p.append("no experiment selected") }
        if let s = slicesPerSubject, s < 1 { p.append("slices per subject \(s) must be ≥ 1") }
        if lambdaMapSlicesPerSubject < 1 { p.append("λ-map slices per subject must be ≥ 1") }
        if lambdaMapIterations < 0 { p.append("λ-map iterations must be ≥ 0") }
        if sweepLambdas.isEmpty || sweepLambdas.contains(where: { !(0...1).contains($0) }) {
            p.append("the sweep's λ values must be in [0, 1]")
        }
        if misregistrationLambdas.isEmpty || misregistrationLambdas.contains(where: { !(0...1).contains($0) }) {
            p.append("the misregistration λ values must be in [0, 1]")
        }
        let views = [simulation.views] + crossModalViews + robustnessSettings.map(\.views)
        if views.contains(where: { $0 < 2 }) { p.append("CT view counts must be ≥ 2") }
        let accelerations = [simulation.acceleration] + crossModalAccelerations + robustnessSettings.map(\.acceleration)
        if accelerations.contains(where: { !($0 >= 1) }) { p.append("MR accelerations must be ≥ 1") }
        if misregistrationShifts.contains(where: { $0 < 0 }) { p.append("shifts must be ≥ 0 pixels") }
        return p
    }

    /// `count` positions of 0..<total, evenly spaced and centred (all of them when count ≥ total).
    static func evenlySpaced(_ count: Int, of total: Int) -> [Int] {
        guard count < total else { return Array(0..<total) }
        return (0..<count).map { (2 * $0 + 1) * total / (2 * count) }
    }

    /// The base acquisition.
    var base: Acquisition { Acquisition(views: simulation.views, acceleration: simulation.acceleration) }
}

/// The experiments of `msl evaluate`, in the order they are reported.
public enum ExperimentKind: String, Codable, Sendable, CaseIterable {
    case lambdaSweep = "lambda-sweep"
    case crossModal = "cross-modal"
    case samplingRobustness = "sampling-robustness"
    case singleModality = "single-modality"
    case misregistration
    case lambdaMap = "lambda-map"
}
