import ArgumentParser
import DICOM
import Dataset
import Digest
import Evaluation
import Foundation
import MSLModel
import Pipeline

/// `msl evaluate`: the paper's experiments on a dataset split, as tables, plots and montages (`Evaluator`).
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Reproduce the paper's experiments on a dataset: tables, plots and montages.",
        discussion: """
            Runs each experiment on every subject of the chosen split (default test) of a dataset made by msl \
            dataset: the lambda sweep (Fig. 2B), cross-modal enhancement (Fig. 6), sampling robustness (Fig. 7), \
            single-modality input (Figs. 4/5), misregistration (Fig. 10) and lambda-map optimisation (Fig. 3B). \
            Sparse inputs are simulated as in training, with the model card's beam, mask and seeds. Every table \
            lists FBP, zero-filled and the single-modality ablation models given with --single-modality-model, \
            --ct-only-model and --mr-only-model as baselines, with per-subject values, mean +- SD and paired \
            Wilcoxon signed-rank tests. Writes into --out: README.md (the index), <experiment>.md, .csv, \
            -summary.csv, -tests.csv, -plot.png, -montage.png, and evaluation.json with the settings, the \
            models' and dataset's hashes and every value. See docs/evaluation.md.
            """
    )

    @Option(help: "Model file (.safetensors with its card). Default: the shipped model.")
    var model: String?

    @Option(help: "Dataset folder (msl dataset reference or prepare).")
    var data: String

    @Option(help: "Output folder (created if missing; files in it are replaced).")
    var out: String

    @Option(help: "Dataset split to evaluate.")
    var part: DatasetPart = .test

    @Option(help: "Comma-separated experiments (default all): \(ExperimentKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var experiments: String?

    @Option(help: "Slices per subject, evenly spaced (default: every slice).")
    var slices: Int?

    @Option(help: "Slices per subject for the lambda-map optimisation.")
    var lambdaMapSlices = 4

    @Option(help: "Gradient steps per lambda-map optimisation.")
    var lambdaMapIterations = 40

    @Option(help: "CT views of the base acquisition (default: the model's training views).")
    var views: Int?

    @Option(help: "MR acceleration of the base acquisition (default: the model's training acceleration).")
    var acceleration: Double?

    @Option(help: "Single-modality ablation model (msl train --no-cross-domain).")
    var singleModalityModel: String?

    @Option(help: "CT-only ablation model (msl train --inputs ct).")
    var ctOnlyModel: String?

    @Option(help: "MR-only ablation model (msl train --inputs mr).")
    var mrOnlyModel: String?

    func validate() throws {
        if let slices, slices < 1 { throw ValidationError("--slices must be at least 1") }
        if lambdaMapSlices < 1 { throw ValidationError("--lambda-map-slices must be at least 1") }
        if lambdaMapIterations < 0 { throw ValidationError("--lambda-map-iterations must be at least 0") }
        _ = try selectedExperiments()
    }

    func selectedExperiments() throws -> [ExperimentKind] {
        guard let experiments else { return ExperimentKind.allCases }
        return try experiments.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let kind = ExperimentKind(rawValue: trimmed) else {
                throw ValidationError(
                    "unknown experiment '\(trimmed)'; choose from \(ExperimentKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return kind
        }
    }

    func run() throws {
        let (network, card, url) = try ModelLocation.load(model)
        var ablations: [EvaluationModels.Role: MSLNetwork] = [:]
        var ablationIdentities: [String: EvaluationProvenance.ModelIdentity] = [:]
        for (role, path) in [(EvaluationModels.Role.singleModality, singleModalityModel), (.ctOnly, ctOnlyModel), (.mrOnly, mrOnlyModel)] {
            guard let path else { continue }
            let (ablation, ablationCard, _) = try ModelLocation.load(path)
            ablations[role] = ablation
            ablationIdentities[role.rawValue] = Self.identity(path: path, card: ablationCard)
        }
        let dataset = try Dataset(folder: URL(fileURLWithPath: data))
        var settings = EvaluationSettings()
        settings.experiments = try selectedExperiments()
        settings.simulation = card.training.options.simulation
        if let views { settings.simulation.views = views }
        if let acceleration { settings.simulation.acceleration = acceleration }
        settings.slicesPerSubject = slices
        settings.lambdaMapSlicesPerSubject = lambdaMapSlices
        settings.lambdaMapIterations = lambdaMapIterations
        let evaluator: Evaluator
        do {
            evaluator = try Evaluator(
                settings: settings, models: try EvaluationModels(main: network, ablations: ablations), dataset: dataset, part: part)
        } catch let error as EvaluationError {
            throw ValidationError(error.description)
        }
        let manifest = try Data(contentsOf: dataset.folder.appendingPathComponent(DatasetManifest.fileName))
        let provenance = EvaluationProvenance(
            model: Self.identity(path: model ?? url.path, card: card), ablations: ablationIdentities,
            dataset: EvaluationProvenance.DatasetIdentity(
                path: data, manifestSHA256: SHA256.hex(SHA256.hash(manifest)), seed: dataset.manifest.seed, part: part.rawValue,
                subjects: dataset.patients(in: part)),
            command: (["msl"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            software: "msl \(MSLIdentity.softwareVersion)")

        let terminal = isatty(2) == 1
        var lastTenth = -1
        let outcome = try evaluator.run { progress in
            let rate = Double(progress.done) / max(progress.seconds, 1e-9)
            let eta = DurationText.format(Double(progress.total - progress.done) / rate)
            let line = "slice \(progress.done)/\(progress.total)  " + String(format: "%.2f", rate) + " slices/s  ETA \(eta)"
            if terminal {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line)\(progress.done == progress.total ? "\n" : "")".utf8))
            } else if progress.done * 10 / progress.total != lastTenth {
                lastTenth = progress.done * 10 / progress.total
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
        }
        let folder = URL(fileURLWithPath: out)
        try EvaluationWriter.write(outcome, settings: settings, provenance: provenance, to: folder)
        for table in outcome.tables { print(table.markdownSummary(), terminator: "\n\n") }
        print("wrote \(folder.appendingPathComponent("README.md").path) and \(outcome.tables.count) experiments' tables and figures")
    }

    static func identity(path: String, card: ModelCard) -> EvaluationProvenance.ModelIdentity {
        EvaluationProvenance.ModelIdentity(
            path: path, sha256: card.modelSHA256, preset: card.preset, iterations: card.training.iterations,
            trainingCommand: card.training.command)
    }
}

