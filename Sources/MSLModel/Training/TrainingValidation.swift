import Dataset
import Imaging
import Tensor

/// Image quality of the network on fixed validation slices, in evaluation mode (BatchNorm running
/// statistics, no dropout; nothing the training trajectory depends on is touched).
///
/// Inputs are simulated with the run's base settings (`simulation.views`, `simulation.acceleration`), no
/// shift. MSL-CT is the output at λ = 0, MSL-MR at λ = 1, clamped to [0, 1] as `MSLReconstructor` gives
/// them, each compared with its target over the whole N×N image: MAE, PSNR (peak 1) and SSIM (11×11
/// Gaussian window, σ 1.5, data range 1), averaged over the slices. Which outputs are measured follows the
/// training mode: both for the authors' model; for a single-modality model (no cross-domain) each output
/// comes from its own input alone; a single-input run measures only the output it trains.
struct TrainingValidation {
    /// The slices used, evenly spaced over the validation split.
    let references: [SliceReference]

    /// MAE, PSNR and SSIM of one output, averaged over the validation slices.
    typealias Metrics = ImageQuality

    /// One validation, as logged (one JSON line in `validation.jsonl`).
    typealias Record = TrainingRun.ValidationRecord

    /// `count` slices evenly spaced over the validation split (all of them when there are fewer).
    init(dataset: Dataset, count: Int) {
        let all = dataset.slices(in: .validation)
        references =
            all.count <= count ? all : (0..<count).map { all[$0 * all.count / count] }
    }

    /// Measures `network` (left in training mode afterwards).
    func run(
        network: MSLNetwork, samples: TrainingSamples, options: TrainingOptions, iteration: Int, batchSize: Int
    ) throws -> Record {
        let clock = ContinuousClock()
        let start = clock.now
        let reconstructor = MSLReconstructor(network: network)
        defer { network.train() }
        let n = samples.modelSize
        let measureCT = options.inputs != .mrOnly
        let measureMR = options.inputs != .ctOnly
        var ctMetrics: [ImageQuality] = []
        var mrMetrics: [ImageQuality] = []
        for start in stride(from: 0, to: references.count, by: max(1, batchSize)) {
            let chunk = Array(references[start..<min(start + max(1, batchSize), references.count)])
            let items = try chunk.map {
                try samples.sample(
                    $0, views: options.simulation.views, acceleration: options.simulation.acceleration, shift: 0,
                    offset: (0, 0))
            }
            let batch = TrainingSamples.batch(items, size: n)
            var ctOutput: Tensor?
            var mrOutput: Tensor?
            if options.inputs == .both && options.crossDomain {
                let outputs = reconstructor.decode(
                    try reconstructor.encode(ct: batch.ctInput, mr: batch.mrInput), lambdas: [0, 1])
                ctOutput = outputs[0]
                mrOutput = outputs[1]
            } else {
                if measureCT {
                    ctOutput =
                        reconstructor.decode(try reconstructor.encode(ct: batch.ctInput, mr: nil), lambdas: [0])[0]
                }
                if measureMR {
                    mrOutput =
                        reconstructor.decode(try reconstructor.encode(ct: nil, mr: batch.mrInput), lambdas: [1])[0]
                }
            }
            for (index, item) in items.enumerated() {
                if let ctOutput { ctMetrics.append(try ImageQuality(ctOutput, index: index, reference: item.ctTarget, size: n)) }
                if let mrOutput { mrMetrics.append(try ImageQuality(mrOutput, index: index, reference: item.mrTarget, size: n)) }
            }
        }
        return Record(
            iteration: iteration, slices: references.count, ct: ImageQuality.mean(ctMetrics),
            mr: ImageQuality.mean(mrMetrics), seconds: (clock.now - start).seconds)
    }
}
