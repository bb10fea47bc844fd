/// One reason, found by the geometry gate, why a set of slices is not simply one regular volume.
///
/// As dcm2niix's `isSameSet`, each finding is one named reason: the attribute as (gggg,eeee) with its
/// keyword, the reference value and the value found, the tolerance compared against, a severity and
/// the policy that applies. `description` is the sentence written verbatim into `reason.json` and
/// the job report; it names slices by InstanceNumber and sorted index, never by patient identifiers.
public struct GeometryFinding: Sendable, Equatable, Codable, CustomStringConvertible {
    /// What kind of finding.
    public let code: Code
    /// The attribute the finding is about.
    public let tag: AttributeTag
    /// The reference value (what the other slices, or the rule, say), as printed.
    public let expected: String
    /// The value found, as printed.
    public let observed: String
    /// The tolerance compared against, as printed ("1e-3 per cosine", "rtol 1e-2 of the median step").
    public let tolerance: String
    /// How serious: follows the policy (see `Severity`).
    public let severity: Severity
    /// The policy that applies (the configured one, or `.reject` where the configured one cannot apply).
    public let policy: GeometryPolicy
    /// The specific sentence, without the policy.
    public let message: String

    /// A finding; severity follows the policy unless given.
    public init(
        code: Code, tag: AttributeTag, expected: String, observed: String, tolerance: String,
        policy: GeometryPolicy, message: String, severity: Severity? = nil
    ) {
        self.code = code
        self.tag = tag
        self.expected = expected
        self.observed = observed
        self.tolerance = tolerance
        self.policy = policy
        self.message = message
        self.severity = severity ?? Severity(policy: policy)
    }

    /// "<message>; policy <policy>".
    public var description: String { "\(message); policy \(policy)" }
}
