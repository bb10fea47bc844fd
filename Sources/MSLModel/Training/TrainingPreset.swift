/// The network sizes `msl train --preset` knows.
public enum TrainingPreset: String, Sendable, Codable, CaseIterable {
    /// `MSLConfiguration.compact` (128², the shipped default).
    case compact
    /// `MSLConfiguration.paper` (384², the authors' network).
    case paper
    /// `MSLConfiguration.tiny` (32², for tests and smoke runs).
    case tiny

    public var configuration: MSLConfiguration {
        switch self {
        case .compact: return .compact
        case .paper: return .paper
        case .tiny: return .tiny
        }
    }
}
