import Foundation
import Tensor

/// A training run folder read back for people and for the model card: where the run stands, with what
/// options, and its validations. Reading it never changes the folder.
public struct TrainingRun: Sendable {
    public let folder: URL
    /// Completed iterations.
    public let iteration: Int
    public let preset: String?
    public let configuration: MSLConfiguration
    public let options: TrainingOptions
    /// The dataset the run trained on, and the SHA-256 of its manifest.
    public let datasetPath: String
    public let datasetManifestSHA256: String
    /// Training time over all sessions (checkpoint writing excluded).
    public let trainingSeconds: Double
    /// Engine threads of the session that wrote the checkpoint, when recorded.
    public let threads: Int?
    /// Every validation of the run, in order (`validation.jsonl`).
    public let validations: [ValidationRecord]

    /// One line of `validation.jsonl`: mean MSL-CT and MSL-MR quality on the validation slices.
    public struct ValidationRecord: Codable, Sendable {
        public var iteration: Int
        public var slices: Int
        public var ct: ImageQuality?
        public var mr: ImageQuality?
        public var seconds: Double
    }

    /// Reads the checkpoint and the validation log of `folder`.
    ///
    /// - Throws: `TrainingError.checkpoint` or `.io` naming the file.
    public init(folder: URL) throws {
        let state = try TrainingCheckpoint.read(folder: folder).state
        let log = folder.appendingPathComponent(TrainingCheckpoint.validationLogFileName)
        var validations: [ValidationRecord] = []
        if FileManager.default.fileExists(atPath: log.path) {
            let text: String
            do { text = try String(contentsOf: log, encoding: .utf8) } catch {
                throw TrainingError.io(path: log.path, reason: "\(error)")
            }
            for line in text.split(separator: "\n") where !line.isEmpty {
                do {
                    let record = try JSONDecoder.lenient.decode(ValidationRecord.self, from: Data(line.utf8))
                    if record.iteration <= state.iteration { validations.append(record) }
                } catch {
                    throw TrainingError.io(path: log.path, reason: "unreadable line '\(line)': \(error)")
                }
            }
        }
        self.folder = folder
        self.iteration = state.iteration
        self.preset = state.preset
        self.configuration = state.configuration
        self.options = state.options
        self.datasetPath = state.datasetPath
        self.datasetManifestSHA256 = state.datasetManifestSHA256
        self.trainingSeconds = state.trainingSeconds
        self.threads = state.threads
        self.validations = validations
    }

    /// The `msl train` command that trains this model from scratch, bit for bit: the run's trajectory options
    /// that differ from the defaults, its thread count when not the default, and `--iterations` set to the
    /// iterations done (the learning-rate
    /// schedule depends on the iteration only, so stopping there equals stopping a longer run early).
    public func reproductionCommand(data: String, out: String) -> String {
        let defaults = TrainingOptions()
        var words = ["msl", "train", "--data", data, "--out", out]
        if let preset { words += ["--preset", preset] }
        words += ["--iterations", "\(iteration)"]
        if options.batchSize != defaults.batchSize { words += ["--batch-size", "\(options.batchSize)"] }
        if options.learningRate != defaults.learningRate { words += ["--lr", "\(options.learningRate)"] }
        if options.seed != defaults.seed { words += ["--seed", "\(options.seed)"] }
        let views = options.viewChoices ?? [options.simulation.views]
        if views != [defaults.simulation.views] { words += ["--views", views.map(String.init).joined(separator: ",")] }
        let accelerations = options.accelerationChoices ?? [options.simulation.acceleration]
        if accelerations != [defaults.simulation.acceleration] {
            words += ["--acceleration", accelerations.map { "\($0)" }.joined(separator: ",")]
        }
        if options.simulation.mask != defaults.simulation.mask { words += ["--mask", options.simulation.mask.rawValue] }
        if options.shift != defaults.shift { words += ["--shift", "\(options.shift)"] }
        if options.inputs != defaults.inputs {
            words += ["--inputs", options.inputs == .ctOnly ? "ct" : "mr"]
        }
        if !options.crossDomain { words.append("--no-cross-domain") }
        // Thread counts agree to float rounding only, so a bit-for-bit retraining runs on the same count.
        if let threads, threads != Engine.defaultThreadCount { words += ["--threads", "\(threads)"] }
        return words.joined(separator: " ")
    }
}
