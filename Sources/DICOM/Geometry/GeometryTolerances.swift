/// The numbers the geometry gate compares against. Defaults follow clinical-conventions §6.5 and
/// dcm2niix where the conventions are silent; each finding prints the tolerance it used.
public struct GeometryTolerances: Sendable, Equatable, Codable {
    /// Largest |difference| of any ImageOrientationPatient cosine between slices (default 1e-3).
    public var orientationCosine: Double
    /// Largest | |r| − 1 |, | |c| − 1 | and |r·c| for one slice's cosines (default 1e-3): beyond this the
    /// orientation is not a rotation and no direction matrix can be made from it.
    public var orientationOrthonormality: Double
    /// Largest relative difference of PixelSpacing between slices (default 1e-3).
    public var pixelSpacingRelative: Double
    /// Two slices are at the same position when their distance along the normal is below this
    /// fraction of the smallest PixelSpacing (default 1e-3: 0.5 µm for 0.5 mm pixels). Positions are
    /// compared in the plane's own length scale, which is known before any step is, and real
    /// distinct slices are at least a few tenths of a millimetre apart.
    public var duplicatePositionFraction: Double
    /// Largest |step − median step| / median step before spacing counts as uneven, and the slack of
    /// the "step ≈ k × median" missing-slice rule (default 1e-2). Steps of 1.5 × the median or more
    /// always count as missing slices, whole multiples or not.
    public var spacingRelative: Double
    /// Largest sine of the angle between the stacking direction (first to last IPP) and the normal
    /// before the series counts as tilted (default 1e-3 ≈ 0.057°).
    public var tiltSine: Double
    /// Largest difference between |GantryDetectorTilt| and the tilt measured from positions before
    /// the disagreement is reported (default 0.5°: the tag is nominal and often rounded).
    public var tiltTagAgreementDegrees: Double
    /// Largest |a − b| / max(1, |a|, |b|) for two RescaleSlope (or Intercept) values to count as equal
    /// (default 1e-6, about Float32 epsilon, as dcm2niix's `intensityScaleVaries`).
    public var rescaleRelative: Double

    /// Tolerances with the defaults above.
    public init(
        orientationCosine: Double = 1e-3, orientationOrthonormality: Double = 1e-3,
        pixelSpacingRelative: Double = 1e-3, duplicatePositionFraction: Double = 1e-3, spacingRelative: Double = 1e-2,
        tiltSine: Double = 1e-3, tiltTagAgreementDegrees: Double = 0.5, rescaleRelative: Double = 1e-6
    ) {
        self.orientationCosine = orientationCosine
        self.orientationOrthonormality = orientationOrthonormality
        self.pixelSpacingRelative = pixelSpacingRelative
        self.duplicatePositionFraction = duplicatePositionFraction
        self.spacingRelative = spacingRelative
        self.tiltSine = tiltSine
        self.tiltTagAgreementDegrees = tiltTagAgreementDegrees
        self.rescaleRelative = rescaleRelative
    }

    /// The defaults.
    public static let `default` = GeometryTolerances()
}
