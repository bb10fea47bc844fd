import ArgumentParser
import DICOM
import Dataset
import Digest
import Foundation
import Imaging
import MSLModel
import Physics
import Tensor

/// `msl model`: makes and shows model cards (the JSON beside a shipped model, DESIGN §4).
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Make or show a model card.",
        subcommands: [ModelCardCommand.self, ModelShow.self]
    )
}

/// `msl model card`: packages a training run as a model with its card, measured on the test split.
struct ModelCardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Package a training run as a model file with its model card.",
        discussion: """
            Copies the run's model.safetensors to --out and writes the card beside it (same name, .json): preset, \
            configuration, the dataset's manifest hash and seed, the command that retrains the model bit for bit, \
            iterations, training time, the last validation and, per test subject, MAE, PSNR and SSIM of MSL-CT \
            and MSL-MR from both inputs and from one input, beside the FBP and zero-filled inputs (64 views and \
            4x unless changed). Prints that table as Markdown.
            """
    )

    @Option(name: .customLong("run"), help: "Training run folder (msl train --out).")
    var runFolderPath: String

    @Option(help: "Model file to write (.safetensors); the card goes beside it as .json.")
    var out: String

    @Option(help: "Dataset folder (default: the run's).")
    var data: String?

    @Option(help: "The command that made the dataset, recorded in the card.")
    var datasetCommand = "msl dataset reference --out out/reference-set"

    @Option(help: "CT views of the test inputs (default 64).")
    var views = 64

    @Option(help: "MR acceleration of the test inputs (default 4).")
    var acceleration = 4.0

    func validate() throws {
        guard out.hasSuffix(".safetensors") else { throw ValidationError("--out must name a .safetensors file") }
        guard views >= 2 else { throw ValidationError("--views must be at least 2") }
        guard acceleration >= 1 else { throw ValidationError("--acceleration must be at least 1") }
    }

    func run() throws {
        let model = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: model.deletingLastPathComponent(), withIntermediateDirectories: true)
        let runFolder = URL(fileURLWithPath: runFolderPath)
        let training = try TrainingRun(folder: runFolder)
        let dataset = try Dataset(folder: URL(fileURLWithPath: data ?? training.datasetPath))
        let modelData = try Data(contentsOf: runFolder.appendingPathComponent(TrainingCheckpoint.modelFileName))
        let network = try MSLNetwork(configuration: training.configuration, seed: 0)
        try network.load(stateDict: SafetensorsFile.decode(modelData, path: runFolderPath).tensors)

        var simulation = training.options.simulation
        simulation.views = views
        simulation.acceleration = acceleration
        let test = try SplitEvaluation(network: network, dataset: dataset, part: .test, simulation: simulation) {
            FileHandle.standardError.write(Data("evaluated test subject \($0) of \($1)\n".utf8))
        }
        let manifest = try Data(contentsOf: dataset.folder.appendingPathComponent(DatasetManifest.fileName))
        let card = ModelCard(
            modelFile: model.lastPathComponent, modelSHA256: SHA256.hex(SHA256.hash(modelData)),
            preset: training.preset, configuration: training.configuration, parameters: network.parameterCount(),
            dataset: ModelCard.DatasetInfo(
                command: datasetCommand, manifestSHA256: SHA256.hex(SHA256.hash(manifest)),
                seed: dataset.manifest.seed, modelSize: dataset.modelSize, fieldOfViewMM: dataset.manifest.fieldOfViewMM),
            training: ModelCard.TrainingInfo(
                command: training.reproductionCommand(data: "out/reference-set", out: "out/\(runFolder.lastPathComponent)"),
                iterations: training.iteration, seconds: training.trainingSeconds,
                threads: training.threads ?? ProcessInfo.processInfo.activeProcessorCount, options: training.options),
            validation: training.validations.last, test: test, software: "msl \(MSLIdentity.softwareVersion)")
        try AtomicFile.write(modelData, to: model)
        try AtomicFile.write(try card.encoded(), to: ModelCard.url(forModel: model))
        print(test.markdownTable(trainedWith: training.options), terminator: "")
        for goal in test.unmetGoals(trainedWith: training.options) { print("goal not met: \(goal)") }
        print("wrote \(model.path) and its card \(ModelCard.url(forModel: model).path)")
    }
}

/// `msl model show`: prints a model's card after checking the model against it.
struct ModelShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Check a model against its card and print the card's summary and test table."
    )

    @Argument(help: "Model file (.safetensors) with its card beside it.")
    var model: String

    func run() throws {
        let card = try ModelCard.read(forModel: URL(fileURLWithPath: model))
        print("model \(card.modelFile) (\(card.preset ?? "custom"), \(card.parameters) parameters), SHA-256 \(card.modelSHA256)")
        print("trained: \(card.training.command)")
        print("  \(card.training.iterations) iterations, \(Int(card.training.seconds)) s on \(card.training.threads) threads")
        print("dataset: \(card.dataset.command) (manifest SHA-256 \(card.dataset.manifestSHA256))")
        if let test = card.test {
            print("test split, \(test.views) views, \(test.acceleration)x:")
            print(test.markdownTable(trainedWith: card.training.options), terminator: "")
        }
    }
}
