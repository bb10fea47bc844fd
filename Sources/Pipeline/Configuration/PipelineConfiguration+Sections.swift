import Dataset
import Foundation
import MSLModel
import Physics

extension PipelineConfiguration {
    /// `registration`: how the MR reaches the CT grid.
    public struct RegistrationSection: Sendable, Equatable, Codable {
        /// Register the MR onto the CT (rigid, Mattes MI); when off, the MR is resampled onto the CT grid
        /// through scanner coordinates alone (default true).
        public var enabled = true
        /// Check the registration (final metric, metric change, head-outline Dice before and after) and
        /// fail the job when it got worse rather than use a bad alignment (default true).
        public var qualityGuard = true

        /// The defaults.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled
            case qualityGuard = "quality_guard"
        }

        /// Decodes; a missing key keeps its default.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = RegistrationSection()
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? d.enabled
            qualityGuard = try c.decodeIfPresent(Bool.self, forKey: .qualityGuard) ?? d.qualityGuard
        }
    }

    /// `grid`: the model grid, with the meaning and defaults of `DatasetPreparationOptions` (the model
    /// was trained on slices prepared that way).
    public struct GridSection: Sendable, Equatable, Codable {
        /// Side of the square field of view mapped onto the model grid, centred on each slice (mm; default 256).
        public var fieldOfViewMM = DatasetPreparationOptions().fieldOfViewMM
        /// A slice is reconstructed when its head mask covers at least this fraction of it (default 0: any
        /// slice with head in it).
        public var minimumHeadFraction = DatasetPreparationOptions().minimumHeadFraction

        /// The defaults.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case fieldOfViewMM = "field_of_view_mm"
            case minimumHeadFraction = "minimum_head_fraction"
        }

        /// Decodes; a missing key keeps its default.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = GridSection()
            fieldOfViewMM = try c.decodeIfPresent(Double.self, forKey: .fieldOfViewMM) ?? d.fieldOfViewMM
            minimumHeadFraction =
                try c.decodeIfPresent(Double.self, forKey: .minimumHeadFraction) ?? d.minimumHeadFraction
        }
    }

    /// `simulation`: the sparse acquisitions simulated from the full ones (DESIGN §3), mapped onto
    /// Physics' `SensorSimulation` by `PipelineConfiguration.sensorSimulation`.
    public struct SimulationSection: Sendable, Equatable, Codable {
        /// CT views over the scan (default 64).
        public var ctViews = 64
        /// CT beam: fan (default) or parallel.
        public var ctBeam = SensorSimulation.Beam.fan
        /// Blank-scan photons per detector cell for Poisson noise; nil (default) for a noise-free sinogram.
        public var ctPhotons: Double?
        /// MR undersampling factor R (default 4).
        public var mrAcceleration = 4.0
        /// MR mask kind: authors (default), equispaced or variableDensityPoissonDisc.
        public var mrMask = KSpaceMask.Kind.authors
        /// Fraction of k-space always sampled around the centre (default 0.1).
        public var mrCenterFraction = 0.1
        /// Complex Gaussian noise σ on sampled k-space (default 0: none).
        public var mrNoiseSigma = 0.0
        /// Seed of the mask and the noise (default 1337).
        public var seed: UInt32 = 1337

        /// The defaults.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case ctViews = "ct_views"
            case ctBeam = "ct_beam"
            case ctPhotons = "ct_photons"
            case mrAcceleration = "mr_acceleration"
            case mrMask = "mr_mask"
            case mrCenterFraction = "mr_center_fraction"
            case mrNoiseSigma = "mr_noise_sigma"
            case seed
        }

        /// Decodes; a missing key keeps its default.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = SimulationSection()
            ctViews = try c.decodeIfPresent(Int.self, forKey: .ctViews) ?? d.ctViews
            ctBeam = try c.decodeIfPresent(SensorSimulation.Beam.self, forKey: .ctBeam) ?? d.ctBeam
            ctPhotons = try c.decodeIfPresent(Double.self, forKey: .ctPhotons) ?? d.ctPhotons
            mrAcceleration = try c.decodeIfPresent(Double.self, forKey: .mrAcceleration) ?? d.mrAcceleration
            mrMask = try c.decodeIfPresent(KSpaceMask.Kind.self, forKey: .mrMask) ?? d.mrMask
            mrCenterFraction = try c.decodeIfPresent(Double.self, forKey: .mrCenterFraction) ?? d.mrCenterFraction
            mrNoiseSigma = try c.decodeIfPresent(Double.self, forKey: .mrNoiseSigma) ?? d.mrNoiseSigma
            seed = try c.decodeIfPresent(UInt32.self, forKey: .seed) ?? d.seed
        }

        /// Writes every key, `ct_photons: null` included.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ctViews, forKey: .ctViews)
            try c.encode(ctBeam, forKey: .ctBeam)
            try c.encode(ctPhotons, forKey: .ctPhotons)
            try c.encode(mrAcceleration, forKey: .mrAcceleration)
            try c.encode(mrMask, forKey: .mrMask)
            try c.encode(mrCenterFraction, forKey: .mrCenterFraction)
            try c.encode(mrNoiseSigma, forKey: .mrNoiseSigma)
            try c.encode(seed, forKey: .seed)
        }
    }

    /// `reconstruction`: the model and the mixing weights λ.
    public struct ReconstructionSection: Sendable, Equatable, Codable {
        /// Path of a `.safetensors` model with its JSON card beside it (same name, `.json`); a relative path
        /// is taken from the current directory of `msl process`. nil (default): the shipped model.
        public var model: String?
        /// Constant mixing weights λ ∈ [0, 1] to reconstruct (0: MSL-CT, 1: MSL-MR; default [0.3, 0.5, 0.7]).
        public var lambdas = [0.3, 0.5, 0.7]
        /// Also optimise a spatial λ-map (the paper's Eq. 12; default true).
        public var lambdaMap = true
        /// The λ-map's total-variation weight α (default 0.001, the paper's).
        public var lambdaMapAlpha = 0.001
        /// Gradient steps of the λ-map optimisation per slice (default 40, `LambdaMapOptimiser`'s; each step costs
        /// one decoder forward and backward per slice).
        public var lambdaMapSteps = LambdaMapOptimiser().iterations

        /// The defaults.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case model
            case lambdas
            case lambdaMap = "lambda_map"
            case lambdaMapAlpha = "lambda_map_alpha"
            case lambdaMapSteps = "lambda_map_steps"
        }

        /// Decodes; a missing key keeps its default.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = ReconstructionSection()
            model = try c.decodeIfPresent(String.self, forKey: .model) ?? d.model
            lambdas = try c.decodeIfPresent([Double].self, forKey: .lambdas) ?? d.lambdas
            lambdaMap = try c.decodeIfPresent(Bool.self, forKey: .lambdaMap) ?? d.lambdaMap
            lambdaMapAlpha = try c.decodeIfPresent(Double.self, forKey: .lambdaMapAlpha) ?? d.lambdaMapAlpha
            lambdaMapSteps = try c.decodeIfPresent(Int.self, forKey: .lambdaMapSteps) ?? d.lambdaMapSteps
        }

        /// Writes every key, `model: null` included.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(model, forKey: .model)
            try c.encode(lambdas, forKey: .lambdas)
            try c.encode(lambdaMap, forKey: .lambdaMap)
            try c.encode(lambdaMapAlpha, forKey: .lambdaMapAlpha)
            try c.encode(lambdaMapSteps, forKey: .lambdaMapSteps)
        }
    }

    /// `output`: which report files `msl process` writes besides the DICOM outputs.
    public struct OutputSection: Sendable, Equatable, Codable {
        /// Write the PDF report (default true).
        public var pdf = true
        /// Write PNG figures (default true).
        public var png = true

        /// The defaults.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case pdf, png
        }

        /// Decodes; a missing key keeps its default.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = OutputSection()
            pdf = try c.decodeIfPresent(Bool.self, forKey: .pdf) ?? d.pdf
            png = try c.decodeIfPresent(Bool.self, forKey: .png) ?? d.png
        }
    }
}
