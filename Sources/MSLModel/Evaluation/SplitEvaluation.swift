import Dataset
import Physics
import Tensor

/// Image quality of a trained model, per subject, on one split of a dataset, beside the sparse inputs it
/// starts from: the table that says whether the model helps (issue 7's goals, the paper's Fig. 6 claim).
///
/// Every slice of every subject in the split is measured (`ImageQuality`: whole N×N images on the [0, 1]
/// scale), and a subject's value is the mean over its slices. Inputs are simulated as in training, with
/// `simulation`'s views and acceleration and no shift. The rows:
/// - `FBP` and `zero-filled`: the sparse CT and MR inputs themselves, clamped to [0, 1];
/// - `MSL-CT`, `MSL-MR`: λ = 0 and λ = 1 decoded from both inputs;
/// - `MSL-CT (CT only)`, `MSL-MR (MR only)`: the same outputs from one input (the single-modality "com" path),
///   so that MSL-CT against MSL-CT (CT only) measures what the MR data adds.
public struct SplitEvaluation: Codable, Sendable {
    /// A reconstruction measured against its target.
    public enum Method: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable, Comparable {
        case fbp = "FBP"
        case mslCTFromCT = "MSL-CT (CT only)"
        case mslCT = "MSL-CT"
        case zeroFilled = "zero-filled"
        case mslMRFromMR = "MSL-MR (MR only)"
        case mslMR = "MSL-MR"

        /// Whether the method is measured against the CT (else the MR).
        public var isCT: Bool { [.fbp, .mslCTFromCT, .mslCT].contains(self) }

        public static func < (a: Method, b: Method) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// One subject's mean quality per method.
    public struct Subject: Codable, Sendable {
        public let patient: String
        public let slices: Int
        public let quality: [Method: ImageQuality]
    }

    public let part: DatasetPart
    public let views: Int
    public let acceleration: Double
    public let subjects: [Subject]

    /// The mean over subjects of each method.
    public var means: [Method: ImageQuality] {
        Dictionary(
            uniqueKeysWithValues: Method.allCases.compactMap { method in
                ImageQuality.mean(subjects.compactMap { $0.quality[method] }).map { (method, $0) }
            })
    }

    /// Measures `network` (put in evaluation mode) on `part` of `dataset`.
    ///
    /// - Parameter progress: called after each subject with (subjects done, subjects in all).
    public init(
        network: MSLNetwork, dataset: Dataset, part: DatasetPart = .test,
        simulation: SensorSimulation = SensorSimulation(), batchSize: Int = 8,
        progress: ((Int, Int) -> Void)? = nil
    ) throws {
        guard network.configuration.inputSize == dataset.modelSize else {
            throw MSLError.invalidInput(
                "the model takes \(network.configuration.inputSize)² images, the dataset holds \(dataset.modelSize)²")
        }
        let reconstructor = MSLReconstructor(network: network)
        let samples = TrainingSamples(dataset: dataset, simulation: simulation, cache: false)
        let n = dataset.modelSize
        let patients = dataset.patients(in: part)
        var subjects: [Subject] = []
        for (done, patient) in patients.enumerated() {
            let references = (0..<dataset.sliceCount(patient: patient)).map {
                SliceReference(patient: patient, index: $0)
            }
            var measured: [Method: [ImageQuality]] = [:]
            for start in stride(from: 0, to: references.count, by: max(1, batchSize)) {
                let items = try references[start..<min(start + max(1, batchSize), references.count)].map {
                    try samples.sample(
                        $0, views: simulation.views, acceleration: simulation.acceleration, shift: 0, offset: (0, 0))
                }
                let batch = TrainingSamples.batch(items, size: n)
                let both = reconstructor.decode(
                    try reconstructor.encode(ct: batch.ctInput, mr: batch.mrInput), lambdas: [0, 1])
                let outputs: [Method: Tensor] = [
                    .fbp: MSLReconstructor.clamped(batch.ctInput),
                    .zeroFilled: MSLReconstructor.clamped(batch.mrInput),
                    .mslCT: both[0], .mslMR: both[1],
                    .mslCTFromCT: reconstructor.decode(
                        try reconstructor.encode(ct: batch.ctInput, mr: nil), lambdas: [0])[0],
                    .mslMRFromMR: reconstructor.decode(
                        try reconstructor.encode(ct: nil, mr: batch.mrInput), lambdas: [1])[0],
                ]
                for (method, output) in outputs {
                    for (index, item) in items.enumerated() {
                        let target = method.isCT ? item.ctTarget : item.mrTarget
                        measured[method, default: []].append(
                            try ImageQuality(output, index: index, reference: target, size: n))
                    }
                }
            }
            subjects.append(
                Subject(
                    patient: patient, slices: references.count,
                    quality: measured.compactMapValues { ImageQuality.mean($0) }))
            progress?(done + 1, patients.count)
        }
        self.part = part
        self.views = simulation.views
        self.acceleration = simulation.acceleration
        self.subjects = subjects
    }

    /// The comparisons of issue 7's goals for a model trained with `options`: each output it was trained for
    /// against its sparse input and, for an MSL model, MSL-CT from both inputs against MSL-CT from the CT alone.
    /// An ablation's untrained outputs (the fused path of a `--no-cross-domain` model, the MR of a CT-only
    /// model) are measured but not judged.
    public static func goals(trainedWith options: TrainingOptions) -> [(output: Method, baseline: Method)] {
        switch (options.inputs, options.crossDomain) {
        case (.both, true): return [(.mslCT, .fbp), (.mslMR, .zeroFilled), (.mslCT, .mslCTFromCT)]
        case (.both, false): return [(.mslCTFromCT, .fbp), (.mslMRFromMR, .zeroFilled)]
        case (.ctOnly, _): return [(.mslCTFromCT, .fbp)]
        case (.mrOnly, _): return [(.mslMRFromMR, .zeroFilled)]
        }
    }

    /// The outputs a model trained with `options` learned to produce; the table marks the others as untrained.
    public static func trainedOutputs(_ options: TrainingOptions) -> Set<Method> {
        switch (options.inputs, options.crossDomain) {
        case (.both, true): return [.mslCT, .mslMR, .mslCTFromCT, .mslMRFromMR]
        case (.both, false): return [.mslCTFromCT, .mslMRFromMR]
        case (.ctOnly, _): return [.mslCTFromCT]
        case (.mrOnly, _): return [.mslMRFromMR]
        }
    }

    /// The goals that fail, one sentence each (empty when every goal is met): per subject, each output of
    /// `goals(trainedWith:)` beats its baseline on MAE, SSIM and PSNR.
    public func unmetGoals(trainedWith options: TrainingOptions = TrainingOptions()) -> [String] {
        var unmet: [String] = []
        for subject in subjects {
            let q = subject.quality
            for (method, baseline) in Self.goals(trainedWith: options) {
                guard let a = q[method], let b = q[baseline] else { continue }
                if !a.beats(b) {
                    unmet.append("\(subject.patient): \(method.rawValue) does not beat \(baseline.rawValue) on every metric")
                }
            }
        }
        return unmet
    }
}
