import Digest
import Foundation

/// What a shipped model is and how it was made (DESIGN §4): the JSON file beside a model's
/// `.safetensors`, named like it with `.json`. The pipeline reads it to know the network's size, checks the
/// weights against `modelSHA256` before use, and copies the hash into every output's provenance.
///
/// `training.command` retrains the model bit for bit on the dataset `dataset.command` makes (same build,
/// same thread count); `test` holds the per-subject table of the dataset's test split.
public struct ModelCard: Codable, Sendable {
    public static let formatName = "msl-model-card"
    public static let currentVersion = 1

    public var format = formatName
    public var version = currentVersion
    /// The model file's name, in the card's folder.
    public var modelFile: String
    /// SHA-256 of the model file, lowercase hexadecimal.
    public var modelSHA256: String
    public var preset: String?
    public var configuration: MSLConfiguration
    public var parameters: Int
    public var dataset: DatasetInfo
    public var training: TrainingInfo
    /// The run's last validation.
    public var validation: TrainingRun.ValidationRecord?
    /// The test split, per subject, with the sparse baselines.
    public var test: SplitEvaluation?
    /// The software that wrote the card.
    public var software: String

    public init(
        modelFile: String, modelSHA256: String, preset: String?, configuration: MSLConfiguration, parameters: Int,
        dataset: DatasetInfo, training: TrainingInfo, validation: TrainingRun.ValidationRecord?,
        test: SplitEvaluation?, software: String
    ) {
        self.modelFile = modelFile
        self.modelSHA256 = modelSHA256
        self.preset = preset
        self.configuration = configuration
        self.parameters = parameters
        self.dataset = dataset
        self.training = training
        self.validation = validation
        self.test = test
        self.software = software
    }

    public struct DatasetInfo: Codable, Sendable {
        /// The command that makes the dataset.
        public var command: String
        public var manifestSHA256: String
        /// The seed of the patient split (and of the reference set's phantoms).
        public var seed: UInt64
        public var modelSize: Int
        public var fieldOfViewMM: Double

        public init(command: String, manifestSHA256: String, seed: UInt64, modelSize: Int, fieldOfViewMM: Double) {
            self.command = command
            self.manifestSHA256 = manifestSHA256
            self.seed = seed
            self.modelSize = modelSize
            self.fieldOfViewMM = fieldOfViewMM
        }
    }

    public struct TrainingInfo: Codable, Sendable {
        public var command: String
        public var iterations: Int
        public var seconds: Double
        /// Threads the run used (results are bit-identical only for the same count).
        public var threads: Int
        public var options: TrainingOptions

        public init(command: String, iterations: Int, seconds: Double, threads: Int, options: TrainingOptions) {
            self.command = command
            self.iterations = iterations
            self.seconds = seconds
            self.threads = threads
            self.options = options
        }
    }

    /// The card's conventional path for a model file: the same name with `.json`.
    public static func url(forModel model: URL) -> URL {
        model.deletingPathExtension().appendingPathExtension("json")
    }

    /// Reads and checks the card of `model`: format, and the model file's SHA-256 against the card.
    ///
    /// - Throws: `MSLError.checkpoint` naming the file: no card, unreadable card, or a hash mismatch (the
    ///   weights are not the ones the card describes).
    public static func read(forModel model: URL) throws -> ModelCard {
        let url = url(forModel: model)
        let card: ModelCard
        do {
            card = try JSONDecoder().decode(ModelCard.self, from: Data(contentsOf: url))
        } catch {
            throw MSLError.checkpoint(path: url.path, reason: "no readable model card beside the model: \(error)")
        }
        guard card.format == formatName, card.version == currentVersion else {
            throw MSLError.checkpoint(
                path: url.path, reason: "format \(card.format) version \(card.version); this build reads \(formatName) "
                    + "version \(currentVersion)")
        }
        let hash: String
        do { hash = SHA256.hex(SHA256.hash(try Data(contentsOf: model))) } catch {
            throw MSLError.checkpoint(path: model.path, reason: "cannot read the model: \(error)")
        }
        guard hash == card.modelSHA256 else {
            throw MSLError.checkpoint(
                path: model.path, reason: "SHA-256 \(hash) differs from its card's \(card.modelSHA256); the file is "
                    + "damaged or not the model the card describes")
        }
        return card
    }

    /// The network of a model file whose card checks out (`read(forModel:)`), in evaluation mode.
    public static func loadNetwork(_ model: URL) throws -> (network: MSLNetwork, card: ModelCard) {
        let card = try read(forModel: model)
        let network = try MSLNetwork(configuration: card.configuration, seed: 0)
        try network.load(checkpoint: model)
        network.eval()
        return (network, card)
    }

    /// Pretty, key-sorted JSON with a final newline.
    public func encoded() throws -> Data {
        try JSONEncoder.keySorted(pretty: true).encode(self) + Data("\n".utf8)
    }
}
