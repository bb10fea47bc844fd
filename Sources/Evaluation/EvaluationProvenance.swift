/// What an evaluation ran on, so that a result can be reproduced: the models (with their cards' hashes and
/// training commands), the dataset (its manifest's hash, seed, split and subjects), the command and the software.
public struct EvaluationProvenance: Codable, Sendable {
    public struct ModelIdentity: Codable, Sendable {
        /// The path given on the command line.
        public var path: String
        public var sha256: String
        public var preset: String?
        public var iterations: Int
        /// The command that retrains the model (from its card).
        public var trainingCommand: String

        public init(path: String, sha256: String, preset: String?, iterations: Int, trainingCommand: String) {
            self.path = path
            self.sha256 = sha256
            self.preset = preset
            self.iterations = iterations
            self.trainingCommand = trainingCommand
        }
    }

    public struct DatasetIdentity: Codable, Sendable {
        public var path: String
        public var manifestSHA256: String
        public var seed: UInt64
        public var part: String
        public var subjects: [String]

        public init(path: String, manifestSHA256: String, seed: UInt64, part: String, subjects: [String]) {
            self.path = path
            self.manifestSHA256 = manifestSHA256
            self.seed = seed
            self.part = part
            self.subjects = subjects
        }
    }

    public var model: ModelIdentity
    /// By `EvaluationModels.Role` raw value.
    public var ablations: [String: ModelIdentity]
    public var dataset: DatasetIdentity
    public var command: String
    public var software: String

    public init(
        model: ModelIdentity, ablations: [String: ModelIdentity], dataset: DatasetIdentity, command: String, software: String
    ) {
        self.model = model
        self.ablations = ablations
        self.dataset = dataset
        self.command = command
        self.software = software
    }
}
