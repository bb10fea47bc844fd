import Foundation
import Tensor

/// The optimised spatial λ-map of the paper's Eq. 12: maximise ½·MI(X̂, X_CT) + ½·MI(X̂, X_MR) − α·TV(λ̂)
/// over λ̂, where X̂ is the MSL image decoded with the map λ̂, and X_CT, X_MR the MSL-CT (λ = 0) and MSL-MR
/// (λ = 1) images of the same representation.
///
/// Design (the paper leaves these open; `reference/msl-authors-code.md` §5):
/// - λ̂ lives on the feature-map grid F × F (the resolution of the first CIN layer, as the paper's
///   "same spatial size as the feature map"), parameterised as λ̂ = sigmoid(θ) so it stays in (0, 1), and
///   is repeated to the N × N input grid (the decoder area-averages it back to each CIN resolution).
/// - TV is the anisotropic sum of |differences| over that grid; α = 0.001 as in the paper.
/// - MI is `ParzenMutualInformation` (32 bins, σ = one bin).
/// - Gradient ascent with Adam (step 0.05) for `iterations` steps, through the decoder only (the encoders
///   and transformer ran once), from the best constant λ of 0, 0.1, …, 1 (clamped to [0.02, 0.98] so that
///   the sigmoid can move). The best map seen is returned, the best constant map included, so the
///   objective never ends below the best constant's, which is the reported start.
public struct LambdaMapOptimiser {
    public var alpha: Float = 0.001
    public var iterations = 40
    public var stepSize: Float = 0.05
    public var mutualInformation = ParzenMutualInformation()

    public init() {}

    public struct Result {
        /// λ̂ on the input grid [1, 1, N, N].
        public let map: Tensor
        /// The image decoded with it [1, 1, N, N], clamped to [0, 1].
        public let image: Tensor
        public let objective: Float
        public let startObjective: Float
        /// The best constant λ of 0, 0.1, …, 1 and its objective (TV 0).
        public let bestConstant: (lambda: Float, objective: Float)
        /// The objective of each constant λ = 0, 0.1, …, 1 (index k: λ = k/10).
        public let constantObjectives: [Float]
        /// ½·MI to MSL-CT + ½·MI to MSL-MR of the optimised image, and the same for the best constant.
        public let mutualInformation: Float
        public let bestConstantMutualInformation: Float
        /// Objective after each step.
        public let history: [Float]
    }

    /// Optimises the map of one encoded slice (batch 1).
    public func optimise(_ encoded: MSLReconstructor.Encoded, network: MSLNetwork) throws -> Result {
        let ascent = try Ascent(self, features: encoded.features, network: network)
        let c = network.configuration
        // Constants λ = 0, 0.1, …, 1: the start and the floor of the result.
        var bestConstant: (lambda: Float, objective: Float) = (0, -.infinity)
        var constantObjectives: [Float] = []
        withNoGrad {
            for step in 0...10 {
                let lambda = Float(step) / 10
                let value = ascent.objective(map: Tensor(repeating: lambda, shape: [1, 1, c.inputSize, c.inputSize]), coarse: nil).0.item
                constantObjectives.append(value)
                if value > bestConstant.objective { bestConstant = (lambda, value) }
            }
        }
        ascent.start(at: bestConstant.lambda)
        // nil: the best constant map itself.
        var best: (objective: Float, theta: Tensor?) = (bestConstant.objective, nil)
        var history: [Float] = []
        for _ in 0..<iterations {
            let theta = ascent.theta.copy()
            let value = ascent.step()
            history.append(value)
            if value > best.objective { best = (value, theta) }
        }
        return withNoGrad {
            let constant = Tensor(repeating: bestConstant.lambda, shape: [1, 1, c.inputSize, c.inputSize])
            let coarse = best.theta?.sigmoid()
            let map = coarse.map(ascent.fullMap) ?? constant
            let (value, mi, image) = ascent.objective(map: map, coarse: coarse)
            let constantMI = ascent.objective(map: constant, coarse: nil).1.item
            return Result(
                map: map, image: MSLReconstructor.clamped(image), objective: value.item,
                startObjective: bestConstant.objective, bestConstant: bestConstant, constantObjectives: constantObjectives,
                mutualInformation: mi.item,
                bestConstantMutualInformation: constantMI, history: history)
        }
    }

    /// The ascent on one slice's decoder input: the Parzen weights of the MSL-CT and MSL-MR images it is
    /// compared with, θ and its Adam state. `step()` is one iteration of `optimise`, apart so that `msl bench msl` can time it.
    package final class Ascent {
        let settings: LambdaMapOptimiser
        let network: MSLNetwork
        let features: Tensor
        /// The Parzen bin weights of MSL-CT (λ = 0) and MSL-MR (λ = 1) of the same representation: fixed, so
        /// computed once.
        let ctWeights: Tensor
        let mrWeights: Tensor
        /// θ on the feature grid [1, 1, F, F]; λ̂ = sigmoid(θ).
        let theta: Tensor
        let optimiser: Adam
        /// Ones [1, 1, 1, N/F, 1, N/F]: repeats a coarse map to the input grid by broadcasting.
        let spread: Tensor

        /// Starts at λ̂ = 0.5 (θ = 0); `start(at:)` moves it.
        ///
        /// - Throws: `MSLError.invalidInput` for a batch of more than one slice.
        package init(_ settings: LambdaMapOptimiser, features: Tensor, network: MSLNetwork) throws {
            guard features.shape[0] == 1 else { throw MSLError.invalidInput("λ-map optimisation takes one slice at a time") }
            let c = network.configuration
            self.settings = settings
            self.network = network
            self.features = features
            (ctWeights, mrWeights) = withNoGrad {
                (settings.mutualInformation.weights(network.decode(features, lambda: .scalar(0))),
                 settings.mutualInformation.weights(network.decode(features, lambda: .scalar(1))))
            }
            theta = Tensor(zeros: [1, 1, c.featureSize, c.featureSize], requiresGrad: true)
            optimiser = Adam(parameters: [theta], learningRate: settings.stepSize)
            let factor = c.inputSize / c.featureSize
            spread = Tensor(repeating: 1, shape: [1, 1, 1, factor, 1, factor])
        }

        /// Sets λ̂ everywhere to `lambda`, clamped to [0.02, 0.98] so that the sigmoid's gradient is not zero.
        func start(at lambda: Float) {
            let clamped = min(max(lambda, 0.02), 0.98)
            let logit = Foundation.log(clamped / (1 - clamped))
            for i in 0..<theta.count { theta.pointer[i] = logit }
        }

        /// (objective, ½·MI to MSL-CT + ½·MI to MSL-MR, decoded image) for `map`; TV of `coarse` when given.
        func objective(map: Tensor, coarse: Tensor?) -> (Tensor, Tensor, Tensor) {
            let image = network.decode(features, lambda: .map(map))
            let estimator = settings.mutualInformation
            let imageWeights = estimator.weights(image).transposed(0, 1)
            let mi = (estimator.mutualInformation(transposedWeights: imageWeights, weights: ctWeights)
                + estimator.mutualInformation(transposedWeights: imageWeights, weights: mrWeights)) * 0.5
            let tv = coarse.map { $0.totalVariation() * settings.alpha } ?? Tensor(scalar: 0)
            return (mi - tv, mi, image)
        }

        /// A coarse map [1, 1, F, F] repeated to the input grid [1, 1, N, N].
        func fullMap(_ coarse: Tensor) -> Tensor {
            let c = network.configuration
            let grid = c.featureSize
            return (coarse.reshaped([1, 1, grid, 1, grid, 1]) * spread).reshaped([1, 1, c.inputSize, c.inputSize])
        }

        /// One Adam step on θ (decoder forward with the map, objective, backward); returns the objective
        /// at θ before the step.
        ///
        /// The network's parameters stop requiring gradients for the step (and are restored after it): only
        /// θ's gradient is needed, so the backward pass skips every weight gradient, about a third of its work.
        @discardableResult
        package func step() -> Float {
            let parameters = network.namedParameters().map(\.1)
            let required = parameters.map(\.requiresGrad)
            for parameter in parameters { parameter.requiresGrad = false }
            defer { for (parameter, flag) in zip(parameters, required) { parameter.requiresGrad = flag } }
            let coarse = theta.sigmoid()
            let (value, _, _) = objective(map: fullMap(coarse), coarse: coarse)
            optimiser.zeroGrad()
            value.negated().backward()
            optimiser.step()
            return value.item
        }
    }
}
