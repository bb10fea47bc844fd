import Foundation

/// Which sub-series may serve as one role's input (the CT, or the MR), and which one wins when several do.
///
/// A sub-series matches when every criterion holds: Modality (0008,0060) is listed; SeriesDescription
/// (0008,103E) matches an include pattern (any description when there are none) and no exclude
/// pattern; every instance's ImageType (0008,0008) holds every required value and no excluded one;
/// the slice plane is an allowed orientation; the slice thickness lies in the range; there are at
/// least `minSlices` slices. `prefer` ranks the matches. File keys are snake_case (`description_include`).
public struct SeriesRule: Sendable, Equatable, Encodable {
    /// How to choose among several matching sub-series. Ties are broken by SeriesNumber (ascending,
    /// absent last), then SeriesInstanceUID, then the index's sub-series order.
    public enum Preference: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        /// The most slices (the widest coverage); the default.
        case mostSlices = "most_slices"
        /// The smallest slice thickness.
        case thinnest
        /// The highest SeriesNumber (often the latest acquisition).
        case highestSeriesNumber = "highest_series_number"
        /// The lowest SeriesNumber.
        case lowestSeriesNumber = "lowest_series_number"

        /// The file spelling.
        public var description: String { rawValue }
    }

    /// An inclusive range of slice thickness in mm.
    public struct ThicknessRange: Sendable, Equatable, Encodable, CustomStringConvertible {
        /// Smallest allowed thickness (mm).
        public var minMM: Double
        /// Largest allowed thickness (mm).
        public var maxMM: Double

        /// A range from its bounds.
        public init(minMM: Double, maxMM: Double) {
            self.minMM = minMM
            self.maxMM = maxMM
        }

        /// Whether `thicknessMM` lies within the bounds.
        public func contains(_ thicknessMM: Double) -> Bool { thicknessMM >= minMM && thicknessMM <= maxMM }

        /// "0…6 mm".
        public var description: String { "\(Printing.number(minMM))…\(Printing.number(maxMM)) mm" }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case minMM = "min"
            case maxMM = "max"
        }
    }

    /// Accepted Modality values (exact, case-insensitive).
    public var modalities: [String]
    /// SeriesDescription must match one of these (empty: any description, none included).
    public var descriptionInclude: [GlobPattern]
    /// SeriesDescription must match none of these.
    public var descriptionExclude: [GlobPattern]
    /// Values every instance's ImageType must contain (case-insensitive).
    public var imageTypeRequire: [String]
    /// Values no instance's ImageType may contain (case-insensitive).
    public var imageTypeExclude: [String]
    /// Allowed slice planes.
    public var orientations: [SliceOrientation]
    /// Allowed slice thickness: the median of the instances' SliceThickness (0018,0050), or, where no
    /// instance has one, the median distance between neighbouring slice positions.
    public var sliceThicknessMM: ThicknessRange
    /// Fewest slices (frames, for multi-frame instances) a volume needs.
    public var minSlices: Int
    /// Which match wins.
    public var prefer: Preference

    /// A rule from its parts.
    public init(
        modalities: [String], descriptionInclude: [GlobPattern] = [], descriptionExclude: [GlobPattern] = [],
        imageTypeRequire: [String] = [], imageTypeExclude: [String] = [],
        orientations: [SliceOrientation] = SliceOrientation.allCases, sliceThicknessMM: ThicknessRange,
        minSlices: Int = 8, prefer: Preference = .mostSlices
    ) {
        self.modalities = modalities
        self.descriptionInclude = descriptionInclude
        self.descriptionExclude = descriptionExclude
        self.imageTypeRequire = imageTypeRequire
        self.imageTypeExclude = imageTypeExclude
        self.orientations = orientations
        self.sliceThicknessMM = sliceThicknessMM
        self.minSlices = minSlices
        self.prefer = prefer
    }

    /// The CT default.
    ///
    /// - Descriptions: any, except scouts, dose reports and bone-kernel reconstructions (the network
    ///   was trained on soft-tissue-kernel CT; a bone kernel's noise texture is out of distribution).
    /// - ImageType must hold ORIGINAL: reformats, MIPs and secondary captures are DERIVED.
    ///   LOCALIZER, SECONDARY (dose screens are ORIGINAL\SECONDARY) and PROJECTION IMAGE are excluded.
    /// - Orientations axial and oblique: a gantry-tilted head CT is acquired axially, but its normal
    ///   lies 10–30° from z, so it classifies as oblique; the geometry gate resamples the tilt.
    ///   Coronal and sagittal CT series are reformats of an axial acquisition.
    /// - Thickness 0…6 mm, at least 8 slices, most slices wins.
    public static let defaultCT = SeriesRule(
        modalities: ["CT"], descriptionExclude: ["*scout*", "*topogram*", "*localizer*", "*dose*", "*bone*"],
        imageTypeRequire: ["ORIGINAL"], imageTypeExclude: ["LOCALIZER", "SECONDARY", "PROJECTION IMAGE"],
        orientations: [.axial, .oblique], sliceThicknessMM: ThicknessRange(minMM: 0, maxMM: 6))

    /// The MR default: a T1-weighted volume.
    ///
    /// - Descriptions must name a T1 sequence (T1, MPRAGE, SPGR, TFL, BRAVO, VIBE) and not a T2, FLAIR,
    ///   diffusion, perfusion or susceptibility one, so a T1 wins over a T2 or FLAIR of the same study
    ///   (a "T1 FLAIR" is excluded too: its contrast is not the T1 the model was trained on).
    /// - No ImageType value is required and DERIVED/SECONDARY are not excluded: PACS re-exports,
    ///   anonymisers and converters (nifti2dicom, among them the project's real T1 test series) mark
    ///   the original T1 volume DERIVED\SECONDARY; our own outputs never get here, the index skips them
    ///   by msl's DeviceUID. Localizers, projections (MIP) and diffusion maps (ADC, FA, TRACEW) are excluded.
    /// - Any orientation: the MR is registered and resampled onto the CT grid.
    /// - Thickness 0…8 mm, at least 8 slices, most slices wins.
    public static let defaultMR = SeriesRule(
        modalities: ["MR"], descriptionInclude: ["*t1*", "*mprage*", "*spgr*", "*tfl*", "*bravo*", "*vibe*"],
        descriptionExclude: ["*t2*", "*flair*", "*dwi*", "*adc*", "*diffusion*", "*perf*", "*swi*"],
        imageTypeExclude: ["LOCALIZER", "PROJECTION IMAGE", "MIP", "ADC", "FA", "TRACEW"],
        orientations: SliceOrientation.allCases, sliceThicknessMM: ThicknessRange(minMM: 0, maxMM: 8))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case modalities
        case descriptionInclude = "description_include"
        case descriptionExclude = "description_exclude"
        case imageTypeRequire = "image_type_require"
        case imageTypeExclude = "image_type_exclude"
        case orientations
        case sliceThicknessMM = "slice_thickness_mm"
        case minSlices = "min_slices"
        case prefer
    }
}

extension SeriesRule.Preference: ConfigurationEnum {}

extension SeriesRule {
    /// The keys a file gives for one rule, each optional; applied over the role's defaults (a CT rule
    /// and an MR rule default differently, so the rule itself cannot decode without knowing its role).
    struct Fields: Decodable {
        var modalities: [String]?
        var descriptionInclude: [GlobPattern]?
        var descriptionExclude: [GlobPattern]?
        var imageTypeRequire: [String]?
        var imageTypeExclude: [String]?
        var orientations: [SliceOrientation]?
        var minMM: Double?
        var maxMM: Double?
        var minSlices: Int?
        var prefer: Preference?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            modalities = try c.decodeIfPresent([String].self, forKey: .modalities)
            descriptionInclude = try c.decodeIfPresent([GlobPattern].self, forKey: .descriptionInclude)
            descriptionExclude = try c.decodeIfPresent([GlobPattern].self, forKey: .descriptionExclude)
            imageTypeRequire = try c.decodeIfPresent([String].self, forKey: .imageTypeRequire)
            imageTypeExclude = try c.decodeIfPresent([String].self, forKey: .imageTypeExclude)
            orientations = try c.decodeIfPresent([SliceOrientation].self, forKey: .orientations)
            let range = try c.decodeIfPresent(RangeFields.self, forKey: .sliceThicknessMM)
            minMM = range?.minMM
            maxMM = range?.maxMM
            minSlices = try c.decodeIfPresent(Int.self, forKey: .minSlices)
            prefer = try c.decodeIfPresent(Preference.self, forKey: .prefer)
        }
    }

    /// `slice_thickness_mm`'s keys, each optional.
    struct RangeFields: Decodable {
        var minMM: Double?
        var maxMM: Double?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: ThicknessRange.CodingKeys.self)
            minMM = try c.decodeIfPresent(Double.self, forKey: .minMM)
            maxMM = try c.decodeIfPresent(Double.self, forKey: .maxMM)
        }
    }

    /// `defaults` with the keys the file gave replaced.
    init(_ fields: Fields?, over defaults: SeriesRule) {
        self = defaults
        guard let fields else { return }
        modalities = fields.modalities ?? modalities
        descriptionInclude = fields.descriptionInclude ?? descriptionInclude
        descriptionExclude = fields.descriptionExclude ?? descriptionExclude
        imageTypeRequire = fields.imageTypeRequire ?? imageTypeRequire
        imageTypeExclude = fields.imageTypeExclude ?? imageTypeExclude
        orientations = fields.orientations ?? orientations
        sliceThicknessMM.minMM = fields.minMM ?? sliceThicknessMM.minMM
        sliceThicknessMM.maxMM = fields.maxMM ?? sliceThicknessMM.maxMM
        minSlices = fields.minSlices ?? minSlices
        prefer = fields.prefer ?? prefer
    }

    /// Every invalid value, with key paths under `prefix` (`selection.ct`).
    func problems(prefix: String) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        func add(_ key: String, _ message: String) {
            problems.append(ConfigurationProblem(keyPath: "\(prefix).\(key)", message: message))
        }
        if modalities.isEmpty { add("modalities", "is empty: list at least one Modality (CT, MR)") }
        for (k, modality) in modalities.enumerated() where modality.trimmingCharacters(in: .whitespaces).isEmpty {
            add("modalities[\(k + 1)]", "is empty text")
        }
        if orientations.isEmpty {
            add("orientations", "is empty: list at least one of \(SliceOrientation.allValuesText)")
        }
        let range = sliceThicknessMM
        if !(range.minMM.isFinite && range.minMM >= 0) {
            add("slice_thickness_mm.min", "= \(Printing.number(range.minMM)): must be a finite number ≥ 0")
        }
        if !(range.maxMM.isFinite && range.maxMM > 0) {
            add("slice_thickness_mm.max", "= \(Printing.number(range.maxMM)): must be a finite number > 0")
        }
        if range.minMM > range.maxMM {
            add(
                "slice_thickness_mm",
                "min \(Printing.number(range.minMM)) is greater than max \(Printing.number(range.maxMM))")
        }
        if minSlices < 1 { add("min_slices", "= \(minSlices): must be an integer ≥ 1") }
        return problems
    }
}

extension SliceOrientation {
    /// "axial, coronal, sagittal, oblique".
    static var allValuesText: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
