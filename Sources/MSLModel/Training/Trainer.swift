import Dataset
import Digest
import Foundation
import Imaging
import Tensor

/// Trains an `MSLNetwork` on a dataset's training split (`reference/msl-authors-code.md` §4).
///
/// Each iteration: the next batch of the shuffled training split (`EpochSampler`); per sample, the sensor
/// settings (from `viewChoices`/`accelerationChoices` when given) and a shift offset drawn from the
/// augmentation stream; inputs simulated (`TrainingSamples`); the loss of the training mode
/// (`TrainingObjective`: the authors' loss with the com path drawn by a seeded fair coin, or an ablation);
/// backward; an Adam step; a StepLR step. Validation every `validateEvery` iterations, checkpoints every
/// `checkpointEvery` and at the end (`TrainingCheckpoint`).
///
/// Every random draw comes from a seeded stream saved in the checkpoint (sampling, augmentation, the coin,
/// the network's dropout streams), and validation runs in evaluation mode, so a run resumed from any
/// checkpoint continues bit for bit as if it had not stopped.
public final class Trainer {
    public let network: MSLNetwork
    public private(set) var options: TrainingOptions
    public let runFolder: URL
    public let dataset: Dataset
    /// Completed iterations of the whole run.
    public private(set) var iteration: Int

    let preset: String?
    let manifestSHA256: String
    let optimizer: Adam
    let scheduler: StepLR
    let parameterNames: [String]
    let objective: TrainingObjective
    let samples: TrainingSamples
    let trainSlices: [SliceReference]
    let validation: TrainingValidation
    var sampler = EpochSampler()
    var sampling: SeededGenerator
    var augmentation: SeededGenerator
    var coin: SeededGenerator
    var trainingSeconds = 0.0
    /// The last iteration's total loss and terms.
    var lastLoss: [(name: String, value: Float)] = []

    // MARK: - Starting and resuming

    /// A new run into `runFolder` (created if needed; refused when it already holds a checkpoint).
    ///
    /// - Throws: `TrainingError.invalidOptions`, `.dataset` (size mismatch, no training slices), `.io`;
    ///   `MSLError.invalidConfiguration`.
    public convenience init(
        dataset: Dataset, configuration: MSLConfiguration, options: TrainingOptions, runFolder: URL,
        preset: String? = nil
    ) throws {
        let checkpoint = runFolder.appendingPathComponent(TrainingCheckpoint.stateFileName)
        if FileManager.default.fileExists(atPath: checkpoint.path) {
            throw TrainingError.io(
                path: runFolder.path,
                reason: "already holds a training run; resume it with --resume or choose another folder")
        }
        try self.init(
            dataset: dataset, configuration: configuration, options: options, runFolder: runFolder, preset: preset,
            manifestSHA256: try Self.manifestHash(dataset))
        do { try FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true) } catch {
            throw TrainingError.io(path: runFolder.path, reason: "cannot create the run folder: \(error)")
        }
    }

    /// Continues the run in `runFolder` from its checkpoint. `adjust` may change the saved options' iteration
    /// count and cadence; a change to anything that decides the trajectory is refused.
    ///
    /// - Throws: `TrainingError.checkpoint` (missing, unreadable or inconsistent checkpoint, trajectory
    ///   options changed), `.dataset` (the dataset's manifest differs from the one the run started on).
    public convenience init(
        resuming runFolder: URL, dataset: Dataset, adjust: (inout TrainingOptions) -> Void = { _ in }
    ) throws {
        let contents = try TrainingCheckpoint.read(folder: runFolder)
        let path = runFolder.appendingPathComponent(TrainingCheckpoint.stateFileName).path
        let state = contents.state
        var options = state.options
        adjust(&options)
        let changed = options.trajectoryDifferences(from: state.options)
        guard changed.isEmpty else {
            throw TrainingError.checkpoint(
                path: path,
                reason: "a resumed run keeps its training options; changed: " + changed.joined(separator: "; "))
        }
        let hash = try Self.manifestHash(dataset)
        guard hash == state.datasetManifestSHA256 else {
            throw TrainingError.dataset(
                "\(dataset.folder.path): its manifest (SHA-256 \(hash.prefix(12))…) is not the one the run started on "
                    + "(\(state.datasetPath), \(state.datasetManifestSHA256.prefix(12))…)")
        }
        try self.init(
            dataset: dataset, configuration: state.configuration, options: options, runFolder: runFolder,
            preset: state.preset, manifestSHA256: hash)
        try restore(contents, path: path)
        try trimLogs()
    }

    private init(
        dataset: Dataset, configuration: MSLConfiguration, options: TrainingOptions, runFolder: URL, preset: String?,
        manifestSHA256: String
    ) throws {
        let problems = options.problems(inputSize: configuration.inputSize)
        guard problems.isEmpty else { throw TrainingError.invalidOptions(problems) }
        guard dataset.modelSize == configuration.inputSize else {
            throw TrainingError.dataset(
                "\(dataset.folder.path) holds \(dataset.modelSize)×\(dataset.modelSize) slices; the network takes "
                    + "\(configuration.inputSize)×\(configuration.inputSize) (choose a matching preset or dataset)")
        }
        trainSlices = dataset.slices(in: .train)
        guard !trainSlices.isEmpty else {
            throw TrainingError.dataset("\(dataset.folder.path) has no training slices")
        }
        self.dataset = dataset
        self.options = options
        self.runFolder = runFolder
        self.preset = preset
        self.manifestSHA256 = manifestSHA256
        network = try MSLNetwork(configuration: configuration, seed: options.seed)
        network.train()
        let named = network.namedParameters()
        parameterNames = named.map(\.0)
        optimizer = Adam(
            parameters: named.map(\.1), learningRate: options.learningRate, betas: (options.beta1, options.beta2),
            eps: options.epsilon, weightDecay: options.weightDecay)
        scheduler = StepLR(optimizer: optimizer, stepSize: options.decayEvery, gamma: options.decayFactor)
        objective = TrainingObjective(inputs: options.inputs, crossDomain: options.crossDomain)
        samples = TrainingSamples(dataset: dataset, simulation: options.simulation, cache: options.cacheSimulations)
        validation = TrainingValidation(dataset: dataset, count: options.validationSlices)
        // The run's streams, each from its own draw of one generator seeded by the run seed.
        var streams = SeededGenerator(seed: options.seed ^ 0x4D53_4C5F_5452_4149)  // "MSL_TRAI"
        sampling = SeededGenerator(seed: streams.next())
        augmentation = SeededGenerator(seed: streams.next())
        coin = SeededGenerator(seed: streams.next())
        iteration = 0
    }

    private func restore(_ contents: TrainingCheckpoint.Contents, path: String) throws {
        let state = contents.state
        do { try network.load(stateDict: contents.model) } catch {
            throw TrainingError.checkpoint(path: path, reason: "model weights: \(error)")
        }
        var saved: [Adam.ParameterState?] = []
        for name in parameterNames {
            guard let updates = state.optimizerUpdates[name] else {
                saved.append(nil)
                continue
            }
            guard let m = contents.firstMoments[name], let v = contents.secondMoments[name] else {
                throw TrainingError.checkpoint(path: path, reason: "no Adam moments for \(name)")
            }
            saved.append(Adam.ParameterState(updates: updates, firstMoment: m, secondMoment: v))
        }
        do { try optimizer.restore(parameterStates: saved) } catch {
            throw TrainingError.checkpoint(path: path, reason: "optimiser state: \(error)")
        }
        for _ in 0..<state.schedulerSteps { scheduler.step() }
        guard optimizer.learningRate == state.learningRate else {
            throw TrainingError.checkpoint(
                path: path,
                reason: "learning rate \(optimizer.learningRate) after \(state.schedulerSteps) scheduler steps, "
                    + "saved \(state.learningRate)")
        }
        sampler = state.sampler
        sampling = try TrainingState.generator(state.samplingGenerator, name: "sampling", path: path)
        augmentation = try TrainingState.generator(state.augmentationGenerator, name: "augmentation", path: path)
        coin = try TrainingState.generator(state.coinGenerator, name: "coin", path: path)
        var streams: [String: SeededGenerator] = [:]
        for (name, words) in state.networkGenerators {
            streams[name] = try TrainingState.generator(words, name: name, path: path)
        }
        do { try network.load(generators: streams) } catch {
            throw TrainingError.checkpoint(path: path, reason: "dropout streams: \(error)")
        }
        iteration = state.iteration
        trainingSeconds = state.trainingSeconds
        func rank(_ name: String) -> (Int, String) { (name == "total" ? 0 : 1, name) }
        lastLoss = state.lastLoss.sorted { rank($0.key) < rank($1.key) }.map { ($0.key, $0.value) }
    }

    static func manifestHash(_ dataset: Dataset) throws -> String {
        let url = dataset.folder.appendingPathComponent(DatasetManifest.fileName)
        do { return SHA256.hex(SHA256.hash(try Data(contentsOf: url))) } catch {
            throw TrainingError.io(path: url.path, reason: "cannot read: \(error)")
        }
    }

    // MARK: - Training

    /// One iteration: batch, simulation, loss, backward, Adam step, StepLR step.
    ///
    /// - Returns: the total loss, then its terms.
    @discardableResult
    func step() throws -> [(name: String, value: Float)] {
        let indices = sampler.next(size: options.batchSize, count: trainSlices.count, generator: &sampling)
        var items: [TrainingSamples.Sample] = []
        for index in indices {
            let views =
                options.viewChoices.map { $0[augmentation.nextIndex(below: $0.count)] } ?? options.simulation.views
            let acceleration =
                options.accelerationChoices.map { $0[augmentation.nextIndex(below: $0.count)] }
                ?? options.simulation.acceleration
            let shift = options.shift
            let x = shift > 0 ? augmentation.nextIndex(below: 2 * shift + 1) : 0
            let y = shift > 0 ? augmentation.nextIndex(below: 2 * shift + 1) : 0
            items.append(
                try samples.sample(
                    trainSlices[index], views: views, acceleration: acceleration, shift: shift, offset: (x, y)))
        }
        let batch = TrainingSamples.batch(items, size: samples.modelSize)
        var single = TokenQuarters.Representation.ctOnly
        if objective.usesComCoin, coin.nextUniform() >= 0.5 { single = .mrOnly }
        optimizer.zeroGrad()
        let loss = objective.loss(network, batch, single: single)
        loss.total.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zeroGrad()
        iteration += 1
        lastLoss = [("total", loss.total.item)] + loss.terms
        return lastLoss
    }

    /// Runs until `options.iterations`, or until the next iteration would pass `timeBudget` seconds
    /// (measured from this call); writes a checkpoint at the end either way.
    ///
    /// The next iteration's cost is predicted as the longest of the last five (training step plus any
    /// validation or checkpoint it triggered) plus the final checkpoint's cost (the last one measured, or
    /// 16 bytes a parameter at 100 MB/s before any). The first iteration of a call runs whenever the budget
    /// is positive (nothing predicts it yet).
    public func run(timeBudget: Double? = nil, output: TrainingOutput = .silent) throws -> TrainingSummary {
        let clock = ContinuousClock()
        let start = clock.now
        var progress = ProgressReporter(output: output, options: options)
        var recent: [Double] = []
        // Until one is measured, a checkpoint (weights twice, two moments: 16 bytes a parameter) is
        // assumed to write at 100 MB/s.
        var checkpointCost = Double(network.parameterCount() * 16) / 100e6
        var stepSeconds = 0.0
        var lastValidation: String?
        var checkpointedAt: Int?
        let firstIteration = iteration
        var ending = TrainingSummary.Ending.finished
        while iteration < options.iterations {
            if let timeBudget {
                let elapsed = (clock.now - start).seconds
                let predicted = iteration == firstIteration ? 0 : (recent.max() ?? 0) + checkpointCost
                if timeBudget <= elapsed || (iteration > firstIteration && elapsed + predicted > timeBudget) {
                    ending = .timeBudget
                    break
                }
            }
            let iterationStart = clock.now
            let terms = try step()
            let seconds = (clock.now - iterationStart).seconds
            stepSeconds += seconds
            trainingSeconds += seconds
            try appendLossRecord(terms)
            progress.iterationDone(iteration, terms: terms, learningRate: optimizer.learningRate, stepSeconds: seconds)
            if options.validateEvery > 0 && iteration % options.validateEvery == 0 {
                lastValidation = try validate(output: output, progress: &progress)
            }
            if options.checkpointEvery > 0 && iteration % options.checkpointEvery == 0 && iteration < options.iterations
            {
                let checkpointStart = clock.now
                try checkpoint()
                checkpointCost = (clock.now - checkpointStart).seconds
                checkpointedAt = iteration
                progress.message("checkpoint at iteration \(iteration) → \(runFolder.path)")
            }
            recent.append((clock.now - iterationStart).seconds)
            if recent.count > 5 { recent.removeFirst() }
        }
        if checkpointedAt != iteration { try checkpoint() }
        progress.finish(iteration)
        let reason = ending == .timeBudget ? " (time budget reached)" : ""
        progress.message(
            "stopped at iteration \(iteration)/\(options.iterations)\(reason); checkpoint in \(runFolder.path)")
        let done = iteration - firstIteration
        return TrainingSummary(
            ending: ending, iteration: iteration, iterationsThisSession: done,
            iterationsPerSecond: stepSeconds > 0 ? Double(done) / stepSeconds : 0,
            lastLoss: Dictionary(lastLoss.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
            lastValidation: lastValidation)
    }

    // MARK: - Validation, logs and checkpoints

    /// Validates, prints a line and appends it to `validation.jsonl`; nil when there is no validation split.
    private func validate(output: TrainingOutput, progress: inout ProgressReporter) throws -> String? {
        guard !validation.references.isEmpty else {
            progress.noteOnce("no validation slices in \(dataset.folder.path); validation skipped")
            return nil
        }
        let record = try validation.run(
            network: network, samples: samples, options: options, iteration: iteration, batchSize: options.batchSize)
        try append(record, to: TrainingCheckpoint.validationLogFileName)
        let line = ProgressReporter.describe(record)
        progress.message(line)
        return line
    }

    private struct LossRecord: Codable {
        var iteration: Int
        var loss: [String: Float]
        var learningRate: Float
    }

    /// Appends the iteration's loss terms to `loss.jsonl` every `progressEvery` iterations.
    private func appendLossRecord(_ terms: [(name: String, value: Float)]) throws {
        guard iteration % options.progressEvery == 0 || iteration == options.iterations else { return }
        let loss = Dictionary(terms.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        try append(
            LossRecord(iteration: iteration, loss: loss, learningRate: optimizer.learningRate),
            to: TrainingCheckpoint.lossLogFileName)
    }

    private func append(_ record: some Encodable, to name: String) throws {
        let url = runFolder.appendingPathComponent(name)
        do {
            let line = try JSONEncoder.sorted.encode(record) + Data("\n".utf8)
            if !FileManager.default.fileExists(atPath: url.path),
                !FileManager.default.createFile(atPath: url.path, contents: nil)
            {
                throw TrainingError.io(path: url.path, reason: "cannot create the log")
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch {
            throw TrainingError.io(path: url.path, reason: "cannot append: \(error)")
        }
    }

    /// Writes the checkpoint of the current iteration and drops log lines of later iterations (left by a
    /// session that stopped after its last checkpoint), so that the logs match the checkpoint.
    public func checkpoint() throws {
        var updates: [String: Int] = [:]
        for (name, state) in zip(parameterNames, optimizer.parameterStates()) {
            if let state { updates[name] = state.updates }
        }
        let state = TrainingState(
            iteration: iteration, options: options, configuration: network.configuration, preset: preset,
            datasetPath: dataset.folder.path, datasetManifestSHA256: manifestSHA256, schedulerSteps: scheduler.epoch,
            learningRate: optimizer.learningRate, optimizerUpdates: updates, sampler: sampler,
            samplingGenerator: TrainingState.words(sampling), augmentationGenerator: TrainingState.words(augmentation),
            coinGenerator: TrainingState.words(coin),
            networkGenerators: Dictionary(
                network.namedGenerators().map { ($0.0, TrainingState.words($0.1)) }, uniquingKeysWith: { a, _ in a }),
            trainingSeconds: trainingSeconds, threads: Engine.threadCount,
            lastLoss: Dictionary(lastLoss.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
        try TrainingCheckpoint.write(
            state: state, network: network, optimizer: optimizer, parameterNames: parameterNames, to: runFolder)
    }

    /// Removes lines of iterations after the current one from the run's JSON-lines logs.
    func trimLogs() throws {
        struct Line: Decodable { let iteration: Int }
        for name in [TrainingCheckpoint.lossLogFileName, TrainingCheckpoint.validationLogFileName] {
            let url = runFolder.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url) else { continue }
            let lines = data.split(separator: UInt8(ascii: "\n"))
            let kept = lines.filter {
                (try? JSONDecoder().decode(Line.self, from: Data($0)))?.iteration ?? 0 <= iteration
            }
            guard kept.count != lines.count else { continue }
            try TrainingCheckpoint.atomicWrite(Data(kept.map { Data($0) + Data("\n".utf8) }.joined()), to: url)
        }
    }
}
