/// The configurable policy for each kind of geometry finding (clinical-conventions §6.5).
///
/// Defaults: gantry tilt → resample, uneven spacing → resample, missing slices → reject, duplicate
/// positions → split, mixed orientation → split (the index already splits it), inconsistent image
/// size → reject, inconsistent bits → reject, missing FrameOfReferenceUID → report. Kinds not listed
/// here have a fixed policy (`fixedPolicy(for:)`). A configured policy that cannot apply to its kind
/// (split for tilt, say) acts as reject, and `validate()` lists it so configuration checks catch it.
public struct GeometryPolicies: Sendable, Equatable, Codable {
    /// Slices differ in ImageOrientationPatient: split (default) or reject.
    public var orientation: GeometryPolicy = .split
    /// Slices differ in Rows, Columns or PixelSpacing: reject (default) or split.
    public var imageSize: GeometryPolicy = .reject
    /// Slices differ in BitsAllocated, BitsStored or PixelRepresentation: reject (default) or report
    /// (harmless to assembly, which reads every slice as Float32).
    public var bits: GeometryPolicy = .reject
    /// Slices share a position: split (default; by AcquisitionNumber, then TemporalPositionIdentifier,
    /// rejecting when neither separates them) or reject.
    public var duplicatePosition: GeometryPolicy = .split
    /// Positions missing from a regular stack: reject (default) or resample (interpolates across the gap).
    public var missingSlices: GeometryPolicy = .reject
    /// Steps differ by more than the tolerance: resample (default, onto the median step) or reject.
    public var unevenSpacing: GeometryPolicy = .resample
    /// Gantry tilt measured from positions: resample (default, onto a grid orthogonal to the planes)
    /// or reject.
    public var gantryTilt: GeometryPolicy = .resample
    /// FrameOfReferenceUID absent: report (default) or reject.
    public var missingFrameOfReference: GeometryPolicy = .report

    /// The defaults.
    public init() {}

    /// The defaults.
    public static let `default` = GeometryPolicies()

    /// The configured policy of a kind, or its fixed policy when it is not configurable.
    public func configured(for code: GeometryFinding.Code) -> GeometryPolicy {
        switch code {
        case .inconsistentOrientation: return orientation
        case .inconsistentImageSize: return imageSize
        case .inconsistentBits: return bits
        case .duplicatePosition: return duplicatePosition
        case .missingSlices: return missingSlices
        case .unevenSpacing: return unevenSpacing
        case .gantryTilt: return gantryTilt
        case .missingFrameOfReference: return missingFrameOfReference
        default: return Self.fixedPolicy(for: code)
        }
    }

    /// The policy that applies: the configured one where it is allowed for the kind, otherwise reject.
    public func effective(for code: GeometryFinding.Code) -> GeometryPolicy {
        let policy = configured(for: code)
        return Self.allowed(for: code).contains(policy) ? policy : .reject
    }

    /// The policies that make sense for a kind.
    public static func allowed(for code: GeometryFinding.Code) -> [GeometryPolicy] {
        switch code {
        case .inconsistentOrientation, .inconsistentImageSize, .duplicatePosition: return [.split, .reject]
        case .missingSlices, .unevenSpacing, .gantryTilt: return [.resample, .reject]
        case .inconsistentBits, .missingFrameOfReference: return [.report, .reject]
        default: return [fixedPolicy(for: code)]
        }
    }

    /// The policy of kinds that are not configurable: reject for data that cannot be placed in space,
    /// report for information.
    public static func fixedPolicy(for code: GeometryFinding.Code) -> GeometryPolicy {
        switch code {
        case .gantryTiltTagDisagrees, .mixedRescale, .rescaleTypeNotHU, .singleSlice: return .report
        default: return .reject
        }
    }

    /// Every configured policy that cannot apply to its kind, one sentence each (empty when valid).
    public func validate() -> [String] {
        let configurable: [(String, GeometryFinding.Code)] = [
            ("orientation", .inconsistentOrientation), ("imageSize", .inconsistentImageSize),
            ("bits", .inconsistentBits), ("duplicatePosition", .duplicatePosition),
            ("missingSlices", .missingSlices), ("unevenSpacing", .unevenSpacing), ("gantryTilt", .gantryTilt),
            ("missingFrameOfReference", .missingFrameOfReference),
        ]
        return configurable.compactMap { name, code in
            let policy = configured(for: code)
            let allowed = Self.allowed(for: code)
            guard !allowed.contains(policy) else { return nil }
            return
                "geometry policy \(name) = \(policy) is not one of \(allowed.map(\.rawValue).joined(separator: ", "))"
        }
    }

    enum CodingKeys: String, CodingKey {
        case orientation
        case imageSize = "image_size"
        case bits
        case duplicatePosition = "duplicate_position"
        case missingSlices = "missing_slices"
        case unevenSpacing = "uneven_spacing"
        case gantryTilt = "gantry_tilt"
        case missingFrameOfReference = "missing_frame_of_reference"
    }

    /// Decodes; an absent key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys, _ fallback: GeometryPolicy) throws -> GeometryPolicy {
            try c.decodeIfPresent(GeometryPolicy.self, forKey: key) ?? fallback
        }
        let d = GeometryPolicies.default
        orientation = try value(.orientation, d.orientation)
        imageSize = try value(.imageSize, d.imageSize)
        bits = try value(.bits, d.bits)
        duplicatePosition = try value(.duplicatePosition, d.duplicatePosition)
        missingSlices = try value(.missingSlices, d.missingSlices)
        unevenSpacing = try value(.unevenSpacing, d.unevenSpacing)
        gantryTilt = try value(.gantryTilt, d.gantryTilt)
        missingFrameOfReference = try value(.missingFrameOfReference, d.missingFrameOfReference)
    }
}
