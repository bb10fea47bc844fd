import MSLModel
import Physics
import Tensor

/// The sparse acquisitions simulated from each model-grid slice and the network's reconstructions from
/// them, all N×N on [0, 1]: MSL-CT (λ = 0), MSL-MR (λ = 1), the hybrids at the configured λ, and the
/// optimised λ-map with its fused image. Each batch of slices is encoded once and every λ decoded from that
/// representation. With one modality absent its encoder sees zeros and the decoder reads the present
/// modality's tokens (`MSLReconstructor`), so both outputs still come: an MR-only study gets a synthetic CT.
struct StackReconstruction {
    /// The sparse inputs (CT: FBP on the network scale; MR: zero-filled magnitude), nil when absent.
    let sparseCT: [[Float]]?
    let sparseMR: [[Float]]?
    let mslCT: [[Float]]
    let mslMR: [[Float]]
    /// One entry per configured λ, in the configured order.
    let hybrids: [(lambda: Float, images: [[Float]])]
    let lambdaMap: LambdaMapStack?
    let inputs: MSLReconstructor.Inputs

    /// The optimised λ-maps (on the input grid, values in (0, 1)) and what they achieved, per slice.
    struct LambdaMapStack {
        let maps: [[Float]]
        let fused: [[Float]]
        let results: [LambdaMapOutcome]
    }

    /// The numbers of one slice's λ-map optimisation (`LambdaMapOptimiser.Result`).
    struct LambdaMapOutcome: Codable {
        let objective: Float
        let startObjective: Float
        let bestConstantLambda: Float
        let bestConstantObjective: Float
        let mutualInformation: Float
        let bestConstantMutualInformation: Float
    }

    init(
        _ stack: ModelGridStack, network: MSLNetwork, simulation: SensorSimulation, lambdas: [Float],
        lambdaMap optimiser: LambdaMapOptimiser?, batchSize: Int = 8, shouldCancel: () -> Bool = { false }
    ) throws {
        let n = stack.size
        guard network.configuration.inputSize == n else {
            throw PipelineError.stage(
                name: "reconstruction",
                reason: "the model takes \(network.configuration.inputSize)² slices, the grid is \(n)²")
        }
        sparseCT = try stack.ct?.map { try SparseInputs.ct($0, size: n, spacingMM: stack.spacingMM, simulation: simulation) }
        sparseMR = try stack.mr?.map { try SparseInputs.mr($0, size: n, spacingMM: stack.spacingMM, simulation: simulation) }
        let reconstructor = MSLReconstructor(network: network)
        let count = stack.sliceIndices.count
        let all: [Float] = [0, 1] + lambdas
        var decoded = [[[Float]]](repeating: [], count: all.count)
        var maps: [[Float]] = []
        var fused: [[Float]] = []
        var outcomes: [LambdaMapOutcome] = []
        var inputs = MSLReconstructor.Inputs.both
        func batch(_ images: [[Float]]?, _ range: Range<Int>) -> Tensor? {
            images.map { Tensor(shape: [range.count, 1, n, n], values: Array($0[range].joined())) }
        }
        for start in stride(from: 0, to: count, by: batchSize) {
            if shouldCancel() { throw PipelineError.cancelled }
            let range = start..<min(start + batchSize, count)
            let encoded = try reconstructor.encode(ct: batch(sparseCT, range), mr: batch(sparseMR, range))
            inputs = encoded.inputs
            for (index, output) in reconstructor.decode(encoded, lambdas: all).enumerated() {
                decoded[index] += Self.images(output, n: n)
            }
            guard let optimiser else { continue }
            for slice in range {
                let result = try optimiser.optimise(encoded.item(slice - start), network: network)
                maps += Self.images(result.map, n: n)
                fused += Self.images(result.image, n: n)
                outcomes.append(
                    LambdaMapOutcome(
                        objective: result.objective, startObjective: result.startObjective,
                        bestConstantLambda: result.bestConstant.lambda,
                        bestConstantObjective: result.bestConstant.objective,
                        mutualInformation: result.mutualInformation,
                        bestConstantMutualInformation: result.bestConstantMutualInformation))
            }
        }
        mslCT = decoded[0]
        mslMR = decoded[1]
        hybrids = lambdas.enumerated().map { ($1, decoded[$0 + 2]) }
        lambdaMap = optimiser == nil ? nil : LambdaMapStack(maps: maps, fused: fused, results: outcomes)
        self.inputs = inputs
    }

    /// The images of a [B, 1, N, N] tensor.
    static func images(_ tensor: Tensor, n: Int) -> [[Float]] {
        let values = tensor.values
        return (0..<tensor.shape[0]).map { Array(values[$0 * n * n..<($0 + 1) * n * n]) }
    }
}
