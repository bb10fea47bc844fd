import MSLModel

/// The models an evaluation runs: the model under test and, when given, the single-modality ablation models the
/// tables list as baselines (`msl train --no-cross-domain`, `--inputs ct`, `--inputs mr`).
public struct EvaluationModels {
    /// Which model an output comes from.
    public enum Role: String, Sendable, CaseIterable, Codable {
        case main
        /// Trained without the cross-domain module: each output from its own input alone.
        case singleModality = "single-modality model"
        case ctOnly = "CT-only model"
        case mrOnly = "MR-only model"
    }

    public let main: MSLReconstructor
    public let ablations: [Role: MSLReconstructor]

    /// `ablations` must not hold `.main`.
    public init(main: MSLNetwork, ablations: [Role: MSLNetwork] = [:]) throws {
        guard ablations[.main] == nil else { throw EvaluationError.invalidSettings("the main model is not an ablation") }
        for (role, network) in ablations where network.configuration.inputSize != main.configuration.inputSize {
            throw EvaluationError.invalidSettings(
                "the \(role.rawValue) takes \(network.configuration.inputSize)² images, the main model "
                    + "\(main.configuration.inputSize)²")
        }
        self.main = MSLReconstructor(network: main)
        self.ablations = ablations.mapValues(MSLReconstructor.init(network:))
    }

    func reconstructor(_ role: Role) -> MSLReconstructor? { role == .main ? main : ablations[role] }

    /// Every ablation output a table can list beside the main model's, each from one input: (role, input, λ).
    /// The single-modality model gives a CT and an MR; the CT-only and MR-only models one each.
    static let allAblationOutputs: [(role: Role, input: MSLReconstructor.Inputs, lambda: Float)] = [
        (.singleModality, .ctOnly, 0), (.singleModality, .mrOnly, 1), (.ctOnly, .ctOnly, 0), (.mrOnly, .mrOnly, 1),
    ]

    /// The ablation outputs of the models given.
    var ablationOutputs: [(role: Role, input: MSLReconstructor.Inputs, lambda: Float)] {
        Self.allAblationOutputs.filter { ablations[$0.role] != nil }
    }
}
