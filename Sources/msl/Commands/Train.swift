import ArgumentParser
import Dataset
import Foundation
import MSLModel
import Physics
import Tensor

#if canImport(Glibc)
    import Glibc
#endif

/// `msl train`: trains an MSL network on a dataset folder (`msl dataset prepare|reference`), or resumes a run.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train an MSL network on a dataset, or resume a training run.",
        discussion: """
            Trains on the dataset's training split with the authors' recipe: Adam (lr 2e-4, betas 0.5/0.999, \
            weight decay 1e-4), the learning rate halved every 10000 iterations, batches of 4, random shifts of \
            ±8 px, and their six-term loss. The sparse CT and MR inputs are simulated from each slice on the fly \
            (fan-beam FBP and zero-filled Cartesian k-space). Validation (MAE, PSNR, SSIM of MSL-CT and MSL-MR) \
            runs on the validation split. The run folder gets model.safetensors, training-state.safetensors \
            (everything --resume needs), training-state.json, loss.jsonl and validation.jsonl. A resumed run \
            continues bit for bit; only --iterations, --time-budget, --checkpoint-every and --validate-every \
            may change, and --threads, which keeps the run to float rounding only (a virtual machine whose \
            second core is shared can train faster on one thread: compare with msl bench msl --threads). \
            Ablations: --inputs ct|mr trains on one input (the other all zeros) for its own output; \
            --no-cross-domain decodes each output from its own input alone.
            """
    )

    @Option(help: "Dataset folder (default with --resume: the run's dataset).")
    var data: String?

    @Option(help: "Run folder to create (checkpoints, logs).")
    var out: String?

    @Option(help: "Run folder to continue from its last checkpoint.")
    var resume: String?

    @Option(help: "Network size (default compact).")
    var preset: TrainingPreset?

    @Option(help: "Iterations of the whole run (default 100000).")
    var iterations: Int?

    @Option(help: "Slices per iteration (default 4).")
    var batchSize: Int?

    @Option(help: "Initial learning rate (default 2e-4).")
    var lr: Float?

    @Option(help: "Seed of the initial weights and of every random stream (default 1337).")
    var seed: UInt64?

    @Option(help: "CT views, or a comma-separated list to draw one per sample (default 64).")
    var views: String?

    @Option(help: "MR acceleration, or a comma-separated list to draw one per sample (default 4).")
    var acceleration: String?

    @Option(help: "MR mask (default authors).")
    var mask: KSpaceMask.Kind?

    @Option(help: "Augmentation shift in pixels, 0 for none (default 8).")
    var shift: Int?

    @Option(help: "Inputs seen in training (default both).")
    var inputs: InputsArgument?

    @Flag(help: "Train a single-modality model: each output decoded from its own input alone.")
    var noCrossDomain = false

    @Option(help: "Iterations between checkpoints, 0 for only at the end (default 1000).")
    var checkpointEvery: Int?

    @Option(help: "Iterations between validations, 0 for never (default 1000).")
    var validateEvery: Int?

    @Option(help: "Stop cleanly, with a checkpoint, before the next iteration would pass this many seconds.")
    var timeBudget: Double?

    @Option(help: "Threads of the engine and OpenBLAS (default 2). Results on other counts agree to float rounding, not bit for bit.")
    var threads: Int?

    enum InputsArgument: String, ExpressibleByArgument, CaseIterable {
        case both, ct, mr

        var value: TrainingOptions.Inputs {
            switch self {
            case .both: return .both
            case .ct: return .ctOnly
            case .mr: return .mrOnly
            }
        }
    }

    func validate() throws {
        if let resume {
            if out != nil && out != resume {
                throw ValidationError("--out and --resume name different folders; give only --resume")
            }
            let fixed: [(String, Bool)] = [
                ("--preset", preset != nil), ("--batch-size", batchSize != nil), ("--lr", lr != nil),
                ("--seed", seed != nil), ("--views", views != nil), ("--acceleration", acceleration != nil),
                ("--mask", mask != nil), ("--shift", shift != nil), ("--inputs", inputs != nil),
                ("--no-cross-domain", noCrossDomain),
            ]
            let given = fixed.filter(\.1).map(\.0)
            if !given.isEmpty {
                throw ValidationError(
                    "\(given.joined(separator: ", ")) cannot change when resuming (\(resume) keeps its training options); "
                        + "drop them, or start a new run with --out")
            }
        } else {
            guard data != nil else { throw ValidationError("give --data DATASET (or --resume RUNDIR)") }
            guard out != nil else { throw ValidationError("give --out RUNDIR (or --resume RUNDIR)") }
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let timeBudget, !(timeBudget.isFinite && timeBudget > 0) {
            throw ValidationError("--time-budget must be a positive number of seconds")
        }
        let options = try trainingOptions(base: TrainingOptions())
        let problems = options.problems(inputSize: (preset ?? .compact).configuration.inputSize)
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
        func holds(_ folder: String, _ file: String) -> Bool {
            FileManager.default.fileExists(atPath: URL(fileURLWithPath: folder).appendingPathComponent(file).path)
        }
        let state = TrainingCheckpoint.stateFileName
        if let resume, !holds(resume, state) {
            throw ValidationError("\(resume): no \(state); not a run folder, or its first checkpoint was never written")
        }
        if let data, !holds(data, DatasetManifest.fileName) {
            throw ValidationError(
                "\(data): no \(DatasetManifest.fileName); not a dataset folder (make one with msl dataset prepare or reference)"
            )
        }
        if resume == nil, let out, holds(out, state) {
            throw ValidationError(
                "\(out) already holds a training run; continue it with --resume \(out) or choose another --out")
        }
    }

    /// `base` with every option given on the command line applied.
    func trainingOptions(base: TrainingOptions) throws -> TrainingOptions {
        var options = base
        if let iterations { options.iterations = iterations }
        if let batchSize { options.batchSize = batchSize }
        if let lr { options.learningRate = lr }
        if let seed { options.seed = seed }
        if let views {
            let list = try Self.list(views, option: "--views", as: Int.self)
            options.simulation.views = list[0]
            options.viewChoices = list.count > 1 ? list : nil
        }
        if let acceleration {
            let list = try Self.list(acceleration, option: "--acceleration", as: Double.self)
            options.simulation.acceleration = list[0]
            options.accelerationChoices = list.count > 1 ? list : nil
        }
        if let mask { options.simulation.mask = mask }
        if let shift { options.shift = shift }
        if let inputs { options.inputs = inputs.value }
        if noCrossDomain { options.crossDomain = false }
        if let checkpointEvery { options.checkpointEvery = checkpointEvery }
        if let validateEvery { options.validateEvery = validateEvery }
        return options
    }

    static func list<T: LosslessStringConvertible>(_ text: String, option: String, as: T.Type) throws -> [T] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let values = items.compactMap { T($0) }
        guard !items.isEmpty, values.count == items.count else {
            throw ValidationError("\(option) must be a number or a comma-separated list of numbers, got '\(text)'")
        }
        return values
    }

    func run() throws {
        do { try train() } catch let error as TrainingError {
            // Options that do not fit the dataset or the run are usage errors (exit 64); I/O is not.
            switch error {
            case .invalidOptions, .dataset: throw ValidationError(error.description)
            case .checkpoint(_, let reason) where reason.contains("keeps its training options"):
                throw ValidationError(error.description)
            default: throw error
            }
        }
    }

    private func train() throws {
        Engine.threadCount = threads ?? Engine.defaultThreadCount
        let output = TrainingOutput(style: isatty(2) == 1 ? .terminal : .lines) {
            FileHandle.standardError.write(Data($0.utf8))
        }
        let trainer: Trainer
        if let resume {
            let folder = URL(fileURLWithPath: resume)
            let saved = try TrainingRun(folder: folder)
            let dataset = try Dataset(folder: URL(fileURLWithPath: data ?? saved.datasetPath))
            trainer = try Trainer(resuming: folder, dataset: dataset) { options in
                if let iterations { options.iterations = iterations }
                if let checkpointEvery { options.checkpointEvery = checkpointEvery }
                if let validateEvery { options.validateEvery = validateEvery }
            }
            output.write("resuming \(resume) at iteration \(saved.iteration)\n")
        } else {
            let dataset = try Dataset(folder: URL(fileURLWithPath: data!))
            let chosen = preset ?? .compact
            trainer = try Trainer(
                dataset: dataset, configuration: chosen.configuration,
                options: try trainingOptions(base: TrainingOptions()),
                runFolder: URL(fileURLWithPath: out!), preset: chosen.rawValue)
            output.write(
                "training \(chosen.rawValue) (\(trainer.network.parameterCount()) parameters) on "
                    + "\(dataset.slices(in: .train).count) training slices of \(dataset.folder.path)\n")
        }
        let summary = try trainer.run(timeBudget: timeBudget, output: output)
        let ending = summary.ending == .timeBudget ? "time budget reached" : "finished"
        print(
            "\(ending): iteration \(summary.iteration)/\(trainer.options.iterations), "
                + String(format: "%.2f", summary.iterationsPerSecond) + " it/s → \(trainer.runFolder.path)")
    }
}

extension TrainingPreset: ExpressibleByArgument {}
