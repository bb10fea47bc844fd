/// What the pipeline does about one kind of geometry finding (clinical-conventions §6.5).
public enum GeometryPolicy: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Refuse the series: `DICOMError.geometryRejected` carrying every finding; the job quarantines.
    case reject
    /// Build a regular grid orthogonal to ImageOrientationPatient at the median step and resample the
    /// slices onto it (linear); the volume is flagged resampled (outputs become DERIVED).
    case resample
    /// Separate the instances into groups that each form a volume (by orientation, by image size, or
    /// duplicates by AcquisitionNumber/TemporalPositionIdentifier); each group is gated again.
    case split
    /// Accept and report (information only, e.g. per-slice rescale, which assembly applies per slice).
    case report

    /// The raw value ("reject", "resample", "split", "report").
    public var description: String { rawValue }
}
