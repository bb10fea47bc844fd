import Imaging

/// A volume built from a gated series, with what was done to get it.
public struct AssembledVolume: Sendable, Equatable {
    /// The voxels (x fastest, then rows, then slices in ascending order along the normal) and their
    /// geometry (LPS, mm, FrameOfReferenceUID of the slices).
    public let volume: Volume
    /// True when the slices were resampled onto a regular grid (tilt, uneven spacing, or filled gaps):
    /// outputs derived from it must say so (ImageType DERIVED, DerivationCode "Spatial resampling").
    public let isResampled: Bool
    /// The findings that asked for resampling; empty when not resampled.
    public let resampledBecause: [GeometryFinding.Code]
    /// The slices read, in stacking order: the sources to cite in SourceImageSequence.
    public let sourceSlices: [GeometrySlice]
    /// The gate's findings, to carry into the job report.
    public let findings: [GeometryFinding]
    /// The value written where no slice covers a resampled voxel; nil when not resampled.
    public let fill: Float?

    /// An assembled volume from its parts.
    public init(
        volume: Volume, isResampled: Bool, resampledBecause: [GeometryFinding.Code], sourceSlices: [GeometrySlice],
        findings: [GeometryFinding], fill: Float?
    ) {
        self.volume = volume
        self.isResampled = isResampled
        self.resampledBecause = resampledBecause
        self.sourceSlices = sourceSlices
        self.findings = findings
        self.fill = fill
    }
}
