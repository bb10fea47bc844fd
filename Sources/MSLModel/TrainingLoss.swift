import Tensor

/// One training sample batch: inputs and targets, [B, 1, N, N] each, targets in [0, 1].
public struct TrainingBatch {
    public let ctInput: Tensor
    public let mrInput: Tensor
    public let ctTarget: Tensor
    public let mrTarget: Tensor

    public init(ctInput: Tensor, mrInput: Tensor, ctTarget: Tensor, mrTarget: Tensor) {
        self.ctInput = ctInput
        self.mrInput = mrInput
        self.ctTarget = ctTarget
        self.mrTarget = mrTarget
    }
}

/// The authors' loss of one iteration (`reference/msl-authors-code.md` §4) and its terms.
public struct TrainingLoss {
    /// The sum to differentiate.
    public let total: Tensor
    /// Each term's value, for the progress display: reconstruction (fused path, λ 0 and 1),
    /// single-modality (com path), feature alignment (before its 0.5 weight), fusion (λ = 0.5).
    public let reconstruction: Float
    public let singleModality: Float
    public let alignment: Float
    public let fusion: Float
}

extension MSLNetwork {
    /// The loss of one iteration as the authors compute it: a first forward decoding λ = 0 (CT) and
    /// λ = 1 (MR) from the multi-sensor representation and from one modality's tokens (`single`: the
    /// authors draw it by a fair coin per forward), L1 against the targets, plus 0.5 × the L1 alignment
    /// of quarter 1 with 3 and 2 with 4; then a second, independent forward decoding λ = 0.5, whose MSE
    /// to each target weighs 0.5. The second forward also runs the single-modality upsampling, as the
    /// authors' does, so BatchNorm's running statistics see the same four updates per iteration.
    public func trainingLoss(_ batch: TrainingBatch, single: TokenQuarters.Representation) -> TrainingLoss {
        precondition(single != .fused, "the single-modality path uses one modality's tokens")
        let first = encode(ct: batch.ctInput, mr: batch.mrInput)
        let fused = features(first.tokens(.fused))
        let com = features(first.tokens(single))
        let reconstruction = Tensor.l1Loss(decode(fused, lambda: .scalar(0)), batch.ctTarget)
            + Tensor.l1Loss(decode(fused, lambda: .scalar(1)), batch.mrTarget)
        let singleModality = Tensor.l1Loss(decode(com, lambda: .scalar(0)), batch.ctTarget)
            + Tensor.l1Loss(decode(com, lambda: .scalar(1)), batch.mrTarget)
        let alignment = Tensor.l1Loss(first.ctFromCT, first.ctFromMR) + Tensor.l1Loss(first.mrFromCT, first.mrFromMR)

        let second = encode(ct: batch.ctInput, mr: batch.mrInput)
        let half = decode(features(second.tokens(.fused)), lambda: .scalar(0.5))
        if isTraining { _ = withNoGrad { features(second.tokens(single)) } }
        let fusion = Tensor.mseLoss(half, batch.ctTarget) * 0.5 + Tensor.mseLoss(half, batch.mrTarget) * 0.5

        let total = reconstruction + singleModality + alignment * 0.5 + fusion
        return TrainingLoss(
            total: total, reconstruction: reconstruction.item, singleModality: singleModality.item,
            alignment: alignment.item, fusion: fusion.item)
    }
}
