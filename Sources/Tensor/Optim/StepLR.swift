#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decays an optimiser's learning rate by `gamma` every `stepSize` epochs, as PyTorch's
/// `torch.optim.lr_scheduler.StepLR` (torch/optim/lr_scheduler.py):
///
///     lr = baseLR · gamma^⌊epoch / stepSize⌋
///
/// where baseLR is the optimiser's learning rate when the scheduler is created and epoch counts
/// the calls to `step()`. Call `step()` once per epoch, after that epoch's optimiser steps, as
/// in PyTorch (≥ 1.1). The rate is computed in closed form in Double, so it never drifts.
public final class StepLR {
    /// The optimiser whose `learningRate` this scheduler sets.
    public let optimizer: any Optimizer
    /// Epochs between decays.
    public let stepSize: Int
    /// Multiplicative decay factor.
    public let gamma: Float
    /// The optimiser's learning rate at creation (PyTorch's `base_lrs`).
    public let baseLearningRate: Float
    /// The number of `step()` calls so far (PyTorch's `last_epoch`).
    public private(set) var epoch = 0

    /// A scheduler for `optimizer`, starting from its current learning rate.
    public init(optimizer: any Optimizer, stepSize: Int, gamma: Float = 0.1) {
        precondition(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        self.optimizer = optimizer
        self.stepSize = stepSize
        self.gamma = gamma
        self.baseLearningRate = optimizer.learningRate
    }

    /// Ends an epoch: advances `epoch` and sets the optimiser's learning rate for the next one.
    public func step() {
        epoch += 1
        let decays = Double(epoch / stepSize)
        optimizer.learningRate = Float(Double(baseLearningRate) * pow(Double(gamma), decays))
    }
}
