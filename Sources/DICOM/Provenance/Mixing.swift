/// How an output mixes the CT and MR reconstructions (DESIGN §3: λ = 0 is CT, λ = 1 is MR).
public enum Mixing: Sendable, Equatable, Codable {
    /// One λ for the whole volume, in [0, 1].
    case lambda(Double)
    /// A spatial λ-map (its own Parametric Map), described in words, e.g. "spatial lambda-map, alpha=0.01,
    /// mean 0.43".
    case map(description: String)

    /// The problem with the value, or nil.
    var problem: String? {
        switch self {
        case .lambda(let value):
            return value.isFinite && (0...1).contains(value) ? nil : "lambda \(value) is not in [0, 1]"
        case .map(let description):
            if description.isEmpty { return "the map description is empty" }
            return DICOMValueCheck.textProblem(description, maxLength: 256).map { "the map description \($0)" }
        }
    }

    /// ASCII text for Series and Derivation Descriptions: "lambda=0.5", or "lambda-map" and the
    /// description. ASCII because the copied Specific Character Set may have no λ (ISO_IR 100).
    public var text: String {
        switch self {
        case .lambda(let value): return "lambda=" + (DICOMNumber.decimalString(value) ?? "\(value)")
        case .map(let description): return "lambda-map (\(description))"
        }
    }

    /// The short form for a Series Description: "lambda=0.5" or "lambda-map".
    public var shortText: String {
        switch self {
        case .lambda: return text
        case .map: return "lambda-map"
        }
    }

    /// The exact form hashed into UIDs: every digit of λ ("lambda:0.30000000000000004").
    var canonicalText: String {
        switch self {
        case .lambda(let value): return "lambda:\(value)"
        case .map(let description): return "map:\(description)"
        }
    }
}
