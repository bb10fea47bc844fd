/// How `DatasetPreparation` turns a patient's CT/MR pair into model-grid slices. Defaults reproduce the authors'
/// selection (any head foreground) on the project's model grid (DESIGN §3: 128 × 128 over 256 mm).
///
/// JSON keys are explicit snake_case; a missing key takes its default, so a configuration file names only what
/// it changes.
public struct DatasetPreparationOptions: Sendable, Equatable, Codable {
    /// Side N of the square model grid, in pixels.
    public var modelSize: Int = 128
    /// Side of the square field of view mapped onto the model grid, in mm, centred on each slice's centre.
    public var fieldOfViewMM: Double = 256
    /// A slice is kept when its head mask covers at least this fraction of the slice (and at least one voxel);
    /// 0 keeps every slice with any foreground, as the authors (`processing_data.py` L208-210).
    public var minimumHeadFraction: Double = 0
    /// Whether a pair not declared aligned is registered (MR onto CT, Registration's configuration). When off,
    /// the MR is resampled onto the CT grid through the scanner coordinates alone.
    public var registerMR: Bool = true

    /// Options with the defaults, changed where given.
    public init(
        modelSize: Int = 128, fieldOfViewMM: Double = 256, minimumHeadFraction: Double = 0, registerMR: Bool = true
    ) {
        self.modelSize = modelSize
        self.fieldOfViewMM = fieldOfViewMM
        self.minimumHeadFraction = minimumHeadFraction
        self.registerMR = registerMR
    }

    /// Every problem, empty when the options are valid.
    public var problems: [String] {
        var problems: [String] = []
        if modelSize < 8 || modelSize > 4096 { problems.append("model_size = \(modelSize): must be in 8...4096") }
        if !(fieldOfViewMM.isFinite && fieldOfViewMM > 0) {
            problems.append("field_of_view_mm = \(fieldOfViewMM): must be finite and > 0")
        }
        if !(minimumHeadFraction >= 0 && minimumHeadFraction < 1) {
            problems.append("minimum_head_fraction = \(minimumHeadFraction): must be in [0, 1)")
        }
        return problems
    }

    /// Throws `DatasetError.invalidOptions` listing every problem at once.
    public func validate() throws {
        let problems = self.problems
        if !problems.isEmpty { throw DatasetError.invalidOptions(problems: problems) }
    }

    enum CodingKeys: String, CodingKey {
        case modelSize = "model_size"
        case fieldOfViewMM = "field_of_view_mm"
        case minimumHeadFraction = "minimum_head_fraction"
        case registerMR = "register_mr"
    }

    /// Decodes, taking the default for each missing key (validation is `validate()`'s job).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DatasetPreparationOptions()
        modelSize = try c.decodeIfPresent(Int.self, forKey: .modelSize) ?? defaults.modelSize
        fieldOfViewMM = try c.decodeIfPresent(Double.self, forKey: .fieldOfViewMM) ?? defaults.fieldOfViewMM
        minimumHeadFraction =
            try c.decodeIfPresent(Double.self, forKey: .minimumHeadFraction) ?? defaults.minimumHeadFraction
        registerMR = try c.decodeIfPresent(Bool.self, forKey: .registerMR) ?? defaults.registerMR
    }
}
