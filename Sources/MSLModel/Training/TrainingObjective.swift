import Tensor

/// The loss of one iteration for each training mode (`TrainingOptions` documents the ablations).
struct TrainingObjective {
    let inputs: TrainingOptions.Inputs
    let crossDomain: Bool

    /// The loss to differentiate and its named terms (for progress lines and logs).
    struct Value {
        let total: Tensor
        let terms: [(name: String, value: Float)]
    }

    /// Whether this mode draws the authors' com-path coin.
    var usesComCoin: Bool { inputs == .both && crossDomain }

    /// The loss of `batch`. `single` is the com path drawn for this iteration (used by the authors' loss only).
    func loss(_ network: MSLNetwork, _ batch: TrainingBatch, single: TokenQuarters.Representation) -> Value {
        switch (inputs, crossDomain) {
        case (.both, true):
            let loss = network.trainingLoss(batch, single: single)
            return Value(
                total: loss.total,
                terms: [
                    ("rec", loss.reconstruction), ("single", loss.singleModality), ("align", loss.alignment),
                    ("fusion", loss.fusion),
                ])
        case (.both, false):
            let ct = singleInput(network, input: batch.ctInput, modality: .ctOnly, target: batch.ctTarget)
            let mr = singleInput(network, input: batch.mrInput, modality: .mrOnly, target: batch.mrTarget)
            return Value(total: ct + mr, terms: [("ct", ct.item), ("mr", mr.item)])
        case (.ctOnly, _):
            let ct = singleInput(network, input: batch.ctInput, modality: .ctOnly, target: batch.ctTarget)
            return Value(total: ct, terms: [("ct", ct.item)])
        case (.mrOnly, _):
            let mr = singleInput(network, input: batch.mrInput, modality: .mrOnly, target: batch.mrTarget)
            return Value(total: mr, terms: [("mr", mr.item)])
        }
    }

    /// L1 of the image decoded from one input alone (the other encoder sees zeros) through that input's
    /// tokens, at λ = 0 for CT and 1 for MR, against the matching target.
    private func singleInput(
        _ network: MSLNetwork, input: Tensor, modality: TokenQuarters.Representation, target: Tensor
    ) -> Tensor {
        let absent = Tensor(zeros: input.shape)
        let quarters =
            modality == .ctOnly ? network.encode(ct: input, mr: absent) : network.encode(ct: absent, mr: input)
        let image = network.decode(
            network.features(quarters.tokens(modality)), lambda: .scalar(modality == .ctOnly ? 0 : 1))
        return Tensor.l1Loss(image, target)
    }
}
