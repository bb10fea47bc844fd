extension GeometryFinding {
    /// The kinds of finding; raw values are the stable codes written to `reason.json`.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// No instances at all.
        case emptySeries = "empty_series"
        /// ImagePositionPatient, ImageOrientationPatient or PixelSpacing is absent (always rejected).
        case missingAttribute = "missing_attribute"
        /// A multi-frame instance: per-frame positions (Enhanced multi-frame functional groups) are not
        /// read yet, so its frames cannot be placed (always rejected).
        case multiFrameGeometry = "multi_frame_geometry"
        /// ImageOrientationPatient cosines are not unit and orthogonal (always rejected).
        case invalidOrientation = "invalid_orientation"
        /// Slices differ in ImageOrientationPatient (policy `orientation`).
        case inconsistentOrientation = "inconsistent_orientation"
        /// Slices differ in Rows, Columns or PixelSpacing (policy `imageSize`).
        case inconsistentImageSize = "inconsistent_image_size"
        /// Slices differ in BitsAllocated, BitsStored or PixelRepresentation (policy `bits`).
        case inconsistentBits = "inconsistent_bits"
        /// Slices carry different FrameOfReferenceUIDs: positions are in different spaces (always rejected).
        case inconsistentFrameOfReference = "inconsistent_frame_of_reference"
        /// Some or all slices lack FrameOfReferenceUID (policy `missingFrameOfReference`).
        case missingFrameOfReference = "missing_frame_of_reference"
        /// Two or more slices share a position along the normal (policy `duplicatePosition`).
        case duplicatePosition = "duplicate_position"
        /// A step is about k × the median step, k ≥ 2: k − 1 positions are missing (policy `missingSlices`).
        case missingSlices = "missing_slices"
        /// A step differs from the median by more than the relative tolerance (policy `unevenSpacing`).
        case unevenSpacing = "uneven_spacing"
        /// The stacking direction is not the normal: gantry tilt, measured from positions (policy `gantryTilt`).
        case gantryTilt = "gantry_tilt"
        /// GantryDetectorTilt (0018,1120) disagrees with the tilt measured from positions (reported).
        case gantryTiltTagDisagrees = "gantry_tilt_tag_disagrees"
        /// RescaleSlope or RescaleIntercept vary across slices: applied per slice (reported).
        case mixedRescale = "mixed_rescale"
        /// A CT slice whose RescaleType (0028,1054) is present and not HU (reported).
        case rescaleTypeNotHU = "rescale_type_not_hu"
        /// Only one slice: the slice spacing comes from SliceThickness (reported).
        case singleSlice = "single_slice"
    }

    /// How serious a finding is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// Reported only; the volume is built as is.
        case info
        /// Handled by resampling or splitting; the result differs from the stored slices.
        case warning
        /// The series is rejected.
        case error

        /// reject → error, resample or split → warning, report → info.
        public init(policy: GeometryPolicy) {
            switch policy {
            case .reject: self = .error
            case .resample, .split: self = .warning
            case .report: self = .info
            }
        }

        /// info < warning < error.
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

        private var rank: Int {
            switch self {
            case .info: return 0
            case .warning: return 1
            case .error: return 2
            }
        }
    }
}
