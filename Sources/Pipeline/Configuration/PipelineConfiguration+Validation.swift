import DICOM
import Physics

extension PipelineConfiguration {
    /// `geometry` keys with the finding each configures (the snake_case keys of `GeometryPolicies`).
    static let geometryKeys: [(key: String, code: GeometryFinding.Code)] = [
        ("orientation", .inconsistentOrientation), ("image_size", .inconsistentImageSize),
        ("bits", .inconsistentBits), ("duplicate_position", .duplicatePosition),
        ("missing_slices", .missingSlices), ("uneven_spacing", .unevenSpacing), ("gantry_tilt", .gantryTilt),
        ("missing_frame_of_reference", .missingFrameOfReference),
    ]

    var geometryProblems: [ConfigurationProblem] {
        Self.geometryKeys.compactMap { key, code in
            let policy = geometry.configured(for: code)
            let allowed = GeometryPolicies.allowed(for: code)
            guard !allowed.contains(policy) else { return nil }
            return ConfigurationProblem(
                keyPath: "geometry.\(key)",
                message: "= \(policy): must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
    }

    var gridProblems: [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        if !(grid.fieldOfViewMM.isFinite && grid.fieldOfViewMM > 0) {
            problems.append(
                ConfigurationProblem(
                    keyPath: "grid.field_of_view_mm",
                    message: "= \(Printing.number(grid.fieldOfViewMM)): must be a finite number > 0"))
        }
        if !(grid.minimumHeadFraction >= 0 && grid.minimumHeadFraction < 1) {
            problems.append(
                ConfigurationProblem(
                    keyPath: "grid.minimum_head_fraction",
                    message: "= \(Printing.number(grid.minimumHeadFraction)): must be in [0, 1)"))
        }
        return problems
    }

    var simulationProblems: [ConfigurationProblem] {
        let s = simulation
        var problems: [ConfigurationProblem] = []
        func add(_ key: String, _ value: String, _ requirement: String) {
            problems.append(ConfigurationProblem(keyPath: "simulation.\(key)", message: "= \(value): \(requirement)"))
        }
        if s.ctViews < 1 { add("ct_views", "\(s.ctViews)", "must be an integer ≥ 1") }
        if let photons = s.ctPhotons, !(photons.isFinite && photons > 0) {
            add("ct_photons", Printing.number(photons), "must be a finite number > 0, or null for no noise")
        }
        if !(s.mrAcceleration.isFinite && s.mrAcceleration >= 1) {
            add("mr_acceleration", Printing.number(s.mrAcceleration), "must be a finite number ≥ 1")
        }
        if !(s.mrCenterFraction >= 0 && s.mrCenterFraction < 1) {
            add("mr_center_fraction", Printing.number(s.mrCenterFraction), "must be in [0, 1)")
        }
        if !(s.mrNoiseSigma.isFinite && s.mrNoiseSigma >= 0) {
            add("mr_noise_sigma", Printing.number(s.mrNoiseSigma), "must be a finite number ≥ 0")
        }
        return problems
    }

    var reconstructionProblems: [ConfigurationProblem] {
        let r = reconstruction
        var problems: [ConfigurationProblem] = []
        func add(_ key: String, _ message: String) {
            problems.append(ConfigurationProblem(keyPath: "reconstruction.\(key)", message: message))
        }
        if let model = r.model, !model.lowercased().hasSuffix(".safetensors") {
            add("model", "= \(model): must name a .safetensors file (its JSON card beside it), or be null")
        }
        if r.lambdas.isEmpty { add("lambdas", "is empty: list at least one λ in [0, 1]") }
        for (k, lambda) in r.lambdas.enumerated() where !(lambda >= 0 && lambda <= 1) {
            add("lambdas[\(k + 1)]", "= \(Printing.number(lambda)): λ must be in [0, 1]")
        }
        if !(r.lambdaMapAlpha.isFinite && r.lambdaMapAlpha >= 0) {
            add("lambda_map_alpha", "= \(Printing.number(r.lambdaMapAlpha)): must be a finite number ≥ 0")
        }
        if r.lambdaMapSteps < 1 { add("lambda_map_steps", "= \(r.lambdaMapSteps): must be an integer ≥ 1") }
        return problems
    }
}

extension PipelineConfiguration.SimulationSection {
    /// Physics' sensor simulation with this configuration's values and Physics' defaults elsewhere
    /// (detector bins, FBP mode and filter, electronic noise). Seeds: the mask uses `seed`, the CT noise
    /// `seed + 1` and the MR noise `seed + 2` (wrapping at 2³²), so one number fixes every draw while
    /// the three streams stay distinct.
    public var sensorSimulation: SensorSimulation {
        var s = SensorSimulation()
        s.views = ctViews
        s.beam = ctBeam
        s.photons = ctPhotons
        s.acceleration = mrAcceleration
        s.mask = mrMask
        s.centerFraction = mrCenterFraction
        s.mrNoiseSigma = mrNoiseSigma
        s.maskSeed = seed
        s.ctNoiseSeed = seed &+ 1
        s.mrNoiseSeed = seed &+ 2
        return s
    }
}

extension PipelineConfiguration {
    /// `simulation.sensorSimulation`.
    public var sensorSimulation: SensorSimulation { simulation.sensorSimulation }
}
