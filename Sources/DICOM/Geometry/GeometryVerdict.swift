/// The geometry gate's result for one candidate volume: the findings, the decision, and the slices
/// sorted along the normal with the measurements the assembler needs.
public struct GeometryVerdict: Sendable, Equatable {
    /// A label without identifiers ("series 3 [echo 2]"), used in errors.
    public let series: String
    /// Every finding, in the order checked.
    public let findings: [GeometryFinding]
    /// What the findings add up to.
    public let decision: GeometryDecision
    /// The slices sorted by ascending coordinate along `normal` (ties by InstanceNumber), one per
    /// distinct position where duplicates exist; empty when they could not be placed.
    public let slices: [GeometrySlice]
    /// Unit row direction cosine (image x) of the stack, when the slices could be placed.
    public let rowDirection: SIMD3<Double>?
    /// Unit column direction cosine (image y), orthogonalised against the row.
    public let columnDirection: SIMD3<Double>?
    /// rowDirection × columnDirection: the slice normal, along which `slices` ascend.
    public let normal: SIMD3<Double>?
    /// The median distance between neighbouring distinct positions along the normal (mm); nil for
    /// fewer than two positions.
    public let medianStepMM: Double?
    /// The angle between the stacking direction (first to last position) and the normal, in degrees,
    /// as dcm2niix's `computeGantryTiltPrecise`; nil for fewer than two positions.
    public let measuredTiltDegrees: Double?

    /// A verdict from its parts.
    public init(
        series: String, findings: [GeometryFinding], decision: GeometryDecision, slices: [GeometrySlice],
        rowDirection: SIMD3<Double>?, columnDirection: SIMD3<Double>?, normal: SIMD3<Double>?,
        medianStepMM: Double?, measuredTiltDegrees: Double?
    ) {
        self.series = series
        self.findings = findings
        self.decision = decision
        self.slices = slices
        self.rowDirection = rowDirection
        self.columnDirection = columnDirection
        self.normal = normal
        self.medianStepMM = medianStepMM
        self.measuredTiltDegrees = measuredTiltDegrees
    }

    /// The findings of one kind.
    public func findings(_ code: GeometryFinding.Code) -> [GeometryFinding] { findings.filter { $0.code == code } }

    /// The error for a series that cannot be assembled as decided: every finding's description, and
    /// for a split the groups to gate instead.
    public var rejection: DICOMError {
        var lines = findings.map(\.description)
        if case .split(let tags, let groups) = decision {
            lines.append(
                "split into \(groups.count) groups by \(tags.map(\.description).joined(separator: " and ")): "
                    + "gate and assemble each group separately")
        }
        return .geometryRejected(series: series, findings: lines)
    }
}
