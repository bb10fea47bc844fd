import Physics

/// Everything that decides a training run's trajectory, with the authors' values as defaults
/// (`reference/msl-authors-code.md` §4), plus the run's cadence (checkpoints, validation, progress).
///
/// Two runs with equal options, configuration and dataset produce bit-identical models, however they are
/// split by `--resume`. On resume, only `iterations` and the cadence fields (`checkpointEvery`,
/// `validateEvery`, `validationSlices`, `progressEvery`, `cacheSimulations`) may change; see
/// `trajectoryDifferences(from:)`.
///
/// ## Ablations
///
/// `inputs` and `crossDomain` select what one iteration trains (`TrainingObjective`):
/// - `.both`, cross-domain (the default): the authors' loss, `MSLNetwork.trainingLoss`, with the com
///   path (CT or MR tokens) drawn by a seeded fair coin per iteration.
/// - `.both`, no cross-domain: a single-modality model trained on both modalities. Two forwards per
///   iteration, each from one input with the other all zeros: the CT input alone, decoded at λ = 0 from
///   the CT tokens (`.ctOnly` path), L1 to the CT target; the MR input alone, decoded at λ = 1 from the MR
///   tokens (`.mrOnly`), L1 to the MR target. No alignment, fusion or cross-modal synthesis term, so no
///   output ever depends on the other modality's data. Evaluate it with one input at a time.
/// - `.ctOnly` (`.mrOnly`): one input; the other encoder sees all zeros (as `MSLReconstructor` gives an
///   absent input). The decoder reads the present modality's tokens (the com path) at λ = 0 (λ = 1), L1 to
///   the matching target only: the single-sensor reconstruction baseline of the paper's §3.3.1. Its outputs
///   at other λ are untrained. `crossDomain` must stay true (such a run is single-modality already).
public struct TrainingOptions: Sendable, Codable, Equatable {
    /// Which inputs the network sees in training.
    public enum Inputs: String, Sendable, Codable, CaseIterable {
        case both, ctOnly, mrOnly
    }

    // MARK: Optimiser (authors: Adam lr 2e-4, betas (0.5, 0.999), weight decay 1e-4, eps 1e-8)
    public var learningRate: Float = 2e-4
    public var beta1: Float = 0.5
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// Coupled L2, as `torch.optim.Adam`, on every parameter.
    public var weightDecay: Float = 1e-4
    /// StepLR: the rate is multiplied by `decayFactor` every `decayEvery` iterations.
    public var decayEvery = 10_000
    public var decayFactor: Float = 0.5

    // MARK: Data
    /// Slices per iteration (authors: 4 per GPU). The training split is shuffled each epoch and the last
    /// partial batch of an epoch is kept, as the authors' DataLoader.
    public var batchSize = 4
    /// Optimiser steps of the whole run.
    public var iterations = 100_000
    /// Augmentation: reflect-pad by `shift` pixels and crop a random N×N window (offset 0…2·shift in each
    /// axis), the same for all four images of a sample: a random translation of ±shift (authors: 8; 0 = off).
    public var shift = 8
    /// Seeds the network's initialisation and every stream of the run (sampling, augmentation, com coin,
    /// dropout).
    public var seed: UInt64 = 1337

    // MARK: Sensor simulation (on the fly, per sample)
    /// The acquisitions simulated from each slice: views, beam, FBP, mask kind, acceleration, seeds.
    public var simulation = SensorSimulation()
    /// When set, each sample's CT view count is drawn from this list (robustness training); nil uses
    /// `simulation.views`.
    public var viewChoices: [Int]?
    /// When set, each sample's MR acceleration is drawn from this list; nil uses `simulation.acceleration`.
    public var accelerationChoices: [Double]?

    // MARK: Ablations
    public var inputs = Inputs.both
    /// False trains a single-modality model (see the type's documentation).
    public var crossDomain = true

    // MARK: Cadence (may change on resume)
    /// Iterations between checkpoints (0: only at the end and when the time budget runs out).
    public var checkpointEvery = 1_000
    /// Iterations between validations (0: never).
    public var validateEvery = 1_000
    /// Validation slices, evenly spaced over the validation split (fixed for the whole run).
    public var validationSlices = 16
    /// Iterations between progress lines when the output is not a terminal.
    public var progressEvery = 50
    /// Keep each simulated input in memory per (slice, views, acceleration).
    public var cacheSimulations = true

    public init() {}

    /// Every violated rule, one sentence each; empty when the options are valid.
    public var problems: [String] {
        var p: [String] = []
        if !(learningRate.isFinite && learningRate > 0) { p.append("learning rate \(learningRate) must be > 0") }
        if !(0..<1).contains(beta1) || !(0..<1).contains(beta2) {
            p.append("betas (\(beta1), \(beta2)) must be in [0, 1)")
        }
        if !(epsilon >= 0) { p.append("epsilon \(epsilon) must be ≥ 0") }
        if !(weightDecay >= 0 && weightDecay.isFinite) { p.append("weight decay \(weightDecay) must be ≥ 0") }
        if decayEvery < 1 { p.append("decay interval \(decayEvery) must be ≥ 1 iteration") }
        if !(decayFactor > 0 && decayFactor <= 1) { p.append("decay factor \(decayFactor) must be in (0, 1]") }
        if batchSize < 1 { p.append("batch size \(batchSize) must be ≥ 1") }
        if iterations < 1 { p.append("iterations \(iterations) must be ≥ 1") }
        if shift < 0 { p.append("shift \(shift) must be ≥ 0") }
        for views in [simulation.views] + (viewChoices ?? []) where views < 2 {
            p.append("CT views \(views) must be ≥ 2")
        }
        for acceleration in [simulation.acceleration] + (accelerationChoices ?? [])
        where !(acceleration.isFinite && acceleration >= 1) {
            p.append("MR acceleration \(acceleration) must be ≥ 1")
        }
        if viewChoices?.isEmpty == true { p.append("the list of CT view counts is empty") }
        if accelerationChoices?.isEmpty == true { p.append("the list of MR accelerations is empty") }
        if inputs != .both && !crossDomain {
            p.append("a single-input run (inputs \(inputs.rawValue)) is single-modality already; keep cross-domain on")
        }
        if checkpointEvery < 0 { p.append("checkpoint interval \(checkpointEvery) must be ≥ 0") }
        if validateEvery < 0 { p.append("validation interval \(validateEvery) must be ≥ 0") }
        if validationSlices < 1 { p.append("validation slices \(validationSlices) must be ≥ 1") }
        if progressEvery < 1 { p.append("progress interval \(progressEvery) must be ≥ 1") }
        return p
    }

    /// Problems that depend on the model: the shift must leave a reflection inside the image.
    public func problems(inputSize: Int) -> [String] {
        var p = problems
        if shift >= inputSize { p.append("shift \(shift) must be smaller than the input size \(inputSize)") }
        return p
    }

    /// The fields that decide the trajectory and differ from `saved`, as "name: saved → new"; resuming
    /// with any of them changed would not continue the same run.
    public func trajectoryDifferences(from saved: TrainingOptions) -> [String] {
        var d: [String] = []
        func check<T: Equatable>(_ name: String, _ a: T, _ b: T) {
            if a != b { d.append("\(name): \(b) → \(a)") }
        }
        check("learning rate", learningRate, saved.learningRate)
        check("betas", [beta1, beta2], [saved.beta1, saved.beta2])
        check("epsilon", epsilon, saved.epsilon)
        check("weight decay", weightDecay, saved.weightDecay)
        check("decay interval", decayEvery, saved.decayEvery)
        check("decay factor", decayFactor, saved.decayFactor)
        check("batch size", batchSize, saved.batchSize)
        check("shift", shift, saved.shift)
        check("seed", seed, saved.seed)
        check("simulation", simulation, saved.simulation)
        check("view choices", viewChoices, saved.viewChoices)
        check("acceleration choices", accelerationChoices, saved.accelerationChoices)
        check("inputs", inputs, saved.inputs)
        check("cross-domain", crossDomain, saved.crossDomain)
        return d
    }
}
