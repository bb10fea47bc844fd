/// How `SeriesIndex.build` skips and splits.
public struct SeriesIndexOptions: Sendable, Equatable, Codable {
    /// Our DeviceUID as stamped into ContributingEquipmentSequence (0018,A001) of every output; an
    /// instance listing it is our own output. Default `MSLIdentity.deviceUID`, the writers' default;
    /// nil disables the check.
    public var ownDeviceUID: String?
    /// Skip instances that carry `ownDeviceUID` (default true).
    public var skipOwnOutputs: Bool
    /// Skip localizers: ImageType contains LOCALIZER, or a single slice orthogonal to the rest of its
    /// series (default true).
    public var skipLocalizers: Bool
    /// Largest |difference| of any of the six ImageOrientationPatient cosines for two instances to
    /// share an orientation (default 1e-3, clinical-conventions §6.5).
    public var orientationTolerance: Double
    /// A lone slice is an orthogonal scout when |n_scout · n_series| ≤ this (default 0.1, i.e. the
    /// planes are within about 6° of perpendicular).
    public var scoutOrthogonalityCosine: Double
    /// Two positions are the same when their distance is below this fraction of the smallest
    /// PixelSpacing (default 1e-3, the geometry gate's duplicate rule).
    public var samePositionFraction: Double

    /// Options with the defaults above.
    public init(
        ownDeviceUID: String? = MSLIdentity.deviceUID, skipOwnOutputs: Bool = true, skipLocalizers: Bool = true,
        orientationTolerance: Double = 1e-3, scoutOrthogonalityCosine: Double = 0.1,
        samePositionFraction: Double = 1e-3
    ) {
        self.ownDeviceUID = ownDeviceUID
        self.skipOwnOutputs = skipOwnOutputs
        self.skipLocalizers = skipLocalizers
        self.orientationTolerance = orientationTolerance
        self.scoutOrthogonalityCosine = scoutOrthogonalityCosine
        self.samePositionFraction = samePositionFraction
    }
}
