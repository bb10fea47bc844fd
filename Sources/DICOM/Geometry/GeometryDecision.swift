/// What the gate's findings add up to, under the policies.
///
/// Precedence: any finding whose policy is reject rejects; otherwise the first split applies (the
/// caller gates each group again); otherwise any resample finding asks for resampling; otherwise
/// the slices are accepted as a regular stack.
public enum GeometryDecision: Sendable, Equatable {
    /// A regular stack: assemble the slices as they are.
    case accept
    /// Assemble by resampling onto a regular grid, because of these findings.
    case resample(because: [GeometryFinding.Code])
    /// Gate each group separately; `by` names the attribute(s) whose values separate them.
    case split(by: [AttributeTag], groups: [[InstanceMetadata]])
    /// Refuse the series.
    case reject
}
