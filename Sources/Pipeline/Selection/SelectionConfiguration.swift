/// The `selection` section: one rule for the CT and one for the MR. Missing keys of a rule take that
/// role's default (`SeriesRule.defaultCT`, `SeriesRule.defaultMR`).
public struct SelectionConfiguration: Sendable, Equatable, Codable {
    /// Which sub-series may be the CT.
    public var ct: SeriesRule
    /// Which sub-series may be the MR.
    public var mr: SeriesRule

    /// The two rules (defaults: `SeriesRule.defaultCT`, `SeriesRule.defaultMR`).
    public init(ct: SeriesRule = .defaultCT, mr: SeriesRule = .defaultMR) {
        self.ct = ct
        self.mr = mr
    }

    /// The rule for a role.
    public func rule(for role: SeriesRole) -> SeriesRule {
        switch role {
        case .ct: return ct
        case .mr: return mr
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ct, mr
    }

    /// Decodes; each rule's missing keys keep that role's defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ct = SeriesRule(try c.decodeIfPresent(SeriesRule.Fields.self, forKey: .ct), over: .defaultCT)
        mr = SeriesRule(try c.decodeIfPresent(SeriesRule.Fields.self, forKey: .mr), over: .defaultMR)
    }

    /// Every invalid value, with key paths `selection.ct.…` and `selection.mr.…`.
    public var problems: [ConfigurationProblem] {
        ct.problems(prefix: "selection.ct") + mr.problems(prefix: "selection.mr")
    }
}

/// The two inputs the pipeline looks for.
public enum SeriesRole: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case ct
    case mr

    /// "CT", "MR".
    public var description: String { rawValue.uppercased() }
}
