/// Why the instances of one series were split into several sub-series (one named reason each, as
/// dcm2niix's `isSameSet`). The index applies them in this order: orientation, image size, echo,
/// temporal position, acquisition.
public enum SplitReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// ImageOrientationPatient differs by more than the tolerance (1e-3 per cosine by default).
    case orientation
    /// Rows × Columns differ.
    case imageSize = "image_size"
    /// EchoNumbers differ (multi-echo MR).
    case echo
    /// TemporalPositionIdentifier differs (multi-phase, dynamic series).
    case temporalPosition = "temporal_position"
    /// AcquisitionNumber differs and the same slice position occurs in more than one acquisition.
    case acquisition

    /// The attribute whose values separate the sub-series.
    public var tag: AttributeTag {
        switch self {
        case .orientation: return .imageOrientationPatient
        case .imageSize: return .rows
        case .echo: return .echoNumbers
        case .temporalPosition: return .temporalPositionIdentifier
        case .acquisition: return .acquisitionNumber
        }
    }

    /// The tag(s) as printed in messages: Rows and Columns for image size.
    public var tagDescription: String {
        self == .imageSize ? "\(AttributeTag.rows) × \(AttributeTag.columns)" : tag.description
    }

    /// A short human name used in sub-series labels ("echo 2").
    public var label: String {
        switch self {
        case .orientation: return "orientation"
        case .imageSize: return "size"
        case .echo: return "echo"
        case .temporalPosition: return "temporal position"
        case .acquisition: return "acquisition"
        }
    }
}
