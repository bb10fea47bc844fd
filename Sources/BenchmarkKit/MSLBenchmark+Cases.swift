import MSLModel
import Tensor

extension MSLBenchmark {
    /// Median seconds of every case of `preset` in msl, and the network's parameter count.
    ///
    /// Random weights (seed 1) and inputs uniform in [0, 1] (seed 2): timing does not depend on the values.
    /// Inference goes through `MSLReconstructor` (eval mode, no grad, outputs clamped as users get them);
    /// the λ-map step is `LambdaMapOptimiser.Ascent.step()`; the training iteration is what the trainer
    /// does per iteration (train mode, `trainingLoss`, backward, Adam), with the single-modality path fixed
    /// to CT.
    func time(
        _ preset: Preset, stopwatch: Stopwatch, progress: (String) -> Void
    ) throws -> (timings: [(Case, Double)], parameters: Int) {
        let c = preset.configuration
        let network = try MSLNetwork(configuration: c, seed: 1)
        let reconstructor = MSLReconstructor(network: network)
        var generator = SeededGenerator(seed: 2)
        let ct = Tensor.uniform([1, 1, c.inputSize, c.inputSize], low: 0, high: 1, generator: &generator)
        let mr = Tensor.uniform([1, 1, c.inputSize, c.inputSize], low: 0, high: 1, generator: &generator)
        var timings: [(Case, Double)] = []
        func measure(_ which: Case, _ body: () throws -> Void) rethrows {
            progress("\(preset.rawValue): \(which.label) …")
            timings.append((which, try stopwatch.median(body)))
        }

        let encoded = try reconstructor.encode(ct: ct, mr: mr)
        try measure(.encode) { _ = try reconstructor.encode(ct: ct, mr: mr) }
        measure(.decode) { _ = reconstructor.decode(encoded, lambdas: [0.5]) }
        try measure(.encodeDecode5) {
            _ = reconstructor.decode(try reconstructor.encode(ct: ct, mr: mr), lambdas: Case.lambdas)
        }
        let ascent = try LambdaMapOptimiser.Ascent(LambdaMapOptimiser(), features: encoded.features, network: network)
        measure(.lambdaMapStep) { ascent.step() }

        if let batchSize = preset.trainingBatch {
            let shape = [batchSize, 1, c.inputSize, c.inputSize]
            let batch = TrainingBatch(
                ctInput: .uniform(shape, low: 0, high: 1, generator: &generator),
                mrInput: .uniform(shape, low: 0, high: 1, generator: &generator),
                ctTarget: .uniform(shape, low: 0, high: 1, generator: &generator),
                mrTarget: .uniform(shape, low: 0, high: 1, generator: &generator))
            network.train()
            let optimizer = Adam(parameters: network.namedParameters().map(\.1), learningRate: 1e-4)
            measure(.trainingIteration) {
                optimizer.zeroGrad()
                network.trainingLoss(batch, single: .ctOnly).total.backward()
                optimizer.step()
                optimizer.zeroGrad()
            }
            network.eval()
        }
        return (timings, network.parameterCount())
    }
}
