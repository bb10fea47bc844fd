/// How one sub-series fared against one role's rule.
public enum SeriesVerdict: Sendable, Hashable {
    /// It matched the rule and ranked first: the role's choice.
    case matched
    /// It failed the rule; one sentence per failed criterion.
    case rejected([String])
    /// It matched the rule, but the sub-series labelled `by` ranked higher under the rule's `prefer`.
    case outranked(by: String)

    /// Whether the sub-series satisfied the rule (chosen or not).
    public var satisfiesRule: Bool {
        if case .rejected = self { return false }
        return true
    }
}
