import Dataset
import Foundation
import Graphics
import MSLModel

/// Runs the paper's experiments on one split of a dataset: every selected slice of every subject through every
/// selected experiment (sharing simulations and encodings between them), then the tables, plots and montages.
public struct Evaluator {
    public let settings: EvaluationSettings
    public let models: EvaluationModels
    public let dataset: Dataset
    public let part: DatasetPart

    /// - Throws: `EvaluationError.invalidSettings` for settings with problems, a model that does not fit the
    ///   dataset, or a split without subjects.
    public init(settings: EvaluationSettings, models: EvaluationModels, dataset: Dataset, part: DatasetPart = .test) throws {
        let problems = settings.problems
        guard problems.isEmpty else { throw EvaluationError.invalidSettings(problems.joined(separator: "; ")) }
        let size = models.main.network.configuration.inputSize
        guard size == dataset.modelSize else {
            throw EvaluationError.invalidSettings(
                "the model takes \(size)² images, the dataset \(dataset.folder.path) holds \(dataset.modelSize)²")
        }
        guard !dataset.patients(in: part).isEmpty else {
            throw EvaluationError.invalidSettings("the dataset \(dataset.folder.path) has no \(part.rawValue) subjects")
        }
        self.settings = settings
        self.models = models
        self.dataset = dataset
        self.part = part
    }

    /// Where a run is: slices done of all, and seconds so far.
    public struct Progress: Sendable {
        public let done: Int
        public let total: Int
        public let seconds: Double
    }

    /// The experiments' tables, with a plot and a montage per experiment.
    public struct Outcome {
        public let tables: [ExperimentTable]
        public let plots: [ExperimentKind: Figure]
        public let montages: [ExperimentKind: TiledMontage]
        public let seconds: Double
    }

    var experiments: [any Experiment] {
        settings.experiments.map { kind -> any Experiment in
            switch kind {
            case .lambdaSweep: LambdaSweep(settings: settings)
            case .crossModal: CrossModalEnhancement(settings: settings)
            case .samplingRobustness: SamplingRobustness(settings: settings)
            case .singleModality: SingleModalityInput(settings: settings)
            case .misregistration: Misregistration(settings: settings)
            case .lambdaMap: LambdaMapExperiment(settings: settings)
            }
        }
    }

    /// The evaluated slice positions of `patient`.
    func slices(of patient: String) -> [Int] {
        let count = dataset.sliceCount(patient: patient)
        return EvaluationSettings.evenlySpaced(settings.slicesPerSubject ?? count, of: count)
    }

    public func run(progress: (Progress) -> Void = { _ in }) throws -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        func seconds() -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let experiments = self.experiments
        var builders = experiments.map { ExperimentTableBuilder(kind: $0.kind, columns: $0.columns) }
        var montages: [ExperimentKind: TiledMontage] = [:]
        let subjects = dataset.patients(in: part)
        let total = subjects.map { slices(of: $0).count }.reduce(0, +)
        var done = 0
        let n = dataset.modelSize
        for (s, subject) in subjects.enumerated() {
            let positions = slices(of: subject)
            for (p, position) in positions.enumerated() {
                let stored = try dataset.slice(SliceReference(patient: subject, index: position))
                let slice = SliceContext(
                    subject: subject, index: position, ct: stored.ct, mr: stored.mr, size: n,
                    spacingMM: dataset.manifest.fieldOfViewMM / Double(n), settings: settings, models: models)
                for (e, experiment) in experiments.enumerated() where experiment.includes(slice: p, of: positions.count) {
                    let recorder = SliceRecorder()
                    try experiment.measure(slice, recorder)
                    for (key, values) in recorder.rows { builders[e].record(key, subject: subject, values) }
                }
                // The montages show the first subject's middle evaluated slice.
                if s == 0 && p == positions.count / 2 {
                    for experiment in experiments { montages[experiment.kind] = try experiment.montage(slice) }
                }
                done += 1
                progress(Progress(done: done, total: total, seconds: seconds()))
            }
        }
        var tables: [ExperimentTable] = []
        var plots: [ExperimentKind: Figure] = [:]
        for (experiment, builder) in zip(experiments, builders) {
            var table = builder.table(
                title: experiment.title, summary: experiment.summary, subjects: subjects, comparisons: experiment.comparisons)
            table.notes = experiment.notes(table)
            tables.append(table)
            plots[experiment.kind] = experiment.plot(table)
        }
        return Outcome(tables: tables, plots: plots, montages: montages, seconds: seconds())
    }
}
