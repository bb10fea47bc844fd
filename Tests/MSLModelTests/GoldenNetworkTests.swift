import Foundation
import Tensor
import Testing

@testable import MSLModel

/// The network against an independent PyTorch implementation written from the description of the
/// authors' code (`Fixtures/msl_reference.py`, fixture by `Fixtures/make_msl_golden.py`): a tiny
/// configuration with random weights saved under the authors' state-dict keys, its outputs for several λ,
/// a λ-map, the single-modality paths, and the training loss with the gradient of every parameter.
@Suite struct GoldenNetworkTests {
    static let tiny: MSLConfiguration = {
        var c = MSLConfiguration.tiny
        c.dropout = 0
        return c
    }()

    static let fixtureURL = Bundle.module.url(forResource: "Fixtures/msl_golden", withExtension: "safetensors")

    static func golden() throws -> [String: Tensor] {
        try SafetensorsFile.read(contentsOf: try #require(fixtureURL)).tensors
    }

    static func network(_ golden: [String: Tensor]) throws -> MSLNetwork {
        let network = try MSLNetwork(configuration: tiny, seed: 1)
        var state: [String: Tensor] = [:]
        for (key, value) in golden where key.hasPrefix("param.") { state[String(key.dropFirst(6))] = value }
        try network.load(stateDict: state)
        return network
    }

    /// max |a − b| ≤ 1e-4 · max(1, max |b|).
    static func expectClose(_ a: Tensor, _ b: Tensor?, _ name: String, tolerance: Float = 1e-4) {
        guard let b else {
            Issue.record("\(name): missing from the fixture")
            return
        }
        #expect(a.shape == b.shape, "\(name): shape \(a.shape) vs \(b.shape)")
        guard a.shape == b.shape else { return }
        var worst: Float = 0
        var scale: Float = 1
        for i in 0..<a.count {
            worst = max(worst, abs(a.pointer[i] - b.pointer[i]))
            scale = max(scale, abs(b.pointer[i]))
        }
        #expect(worst <= tolerance * scale, "\(name): max difference \(worst) (scale \(scale))")
    }

    @Test(.enabled(if: fixtureURL != nil)) func theAuthorsKeysLoadExactly() throws {
        let golden = try Self.golden()
        let network = try Self.network(golden)
        let keys = Set(golden.keys.filter { $0.hasPrefix("param.") }.map { String($0.dropFirst(6)) })
        #expect(Set(network.stateDict().keys) == keys)
    }

    @Test(.enabled(if: fixtureURL != nil)) func evaluationOutputsMatchPyTorch() throws {
        let golden = try Self.golden()
        let network = try Self.network(golden)
        network.eval()
        let ct = try #require(golden["input.ct"]), mr = try #require(golden["input.mr"])
        try withNoGrad {
            let quarters = network.encode(ct: ct, mr: mr)
            let tokens = Tensor.concatenate([quarters.ctFromCT, quarters.mrFromCT, quarters.ctFromMR, quarters.mrFromMR], axis: 1)
            Self.expectClose(tokens, golden["eval.tokens"], "transformer tokens")
            let fused = network.features(quarters.tokens(.fused))
            Self.expectClose(fused, golden["eval.fused_features"], "fused features")
            for lambda in ["0", "0.3", "0.5", "1"] {
                Self.expectClose(
                    network.decode(fused, lambda: .scalar(Float(lambda)!)), golden["eval.fused.lambda_\(lambda)"],
                    "fused λ \(lambda)")
            }
            for (name, representation) in [("com_ct", TokenQuarters.Representation.ctOnly), ("com_mr", .mrOnly)] {
                let features = network.features(quarters.tokens(representation))
                for lambda in ["0", "1"] {
                    Self.expectClose(
                        network.decode(features, lambda: .scalar(Float(lambda)!)), golden["eval.\(name).lambda_\(lambda)"],
                        "\(name) λ \(lambda)")
                }
            }
            let map = try #require(golden["input.lambda_map"])
            Self.expectClose(network.decode(fused, lambda: .map(map)), golden["eval.fused.lambda_map"], "λ-map")
        }
    }

    @Test(.enabled(if: fixtureURL != nil)) func trainingLossAndEveryGradientMatchPyTorch() throws {
        let golden = try Self.golden()
        let network = try Self.network(golden)
        network.train()
        let batch = TrainingBatch(
            ctInput: try #require(golden["input.ct"]), mrInput: try #require(golden["input.mr"]),
            ctTarget: try #require(golden["input.ct_target"]), mrTarget: try #require(golden["input.mr_target"]))
        let loss = network.trainingLoss(batch, single: .ctOnly)
        Self.expectClose(loss.total.reshaped([1]), golden["train.loss"], "loss")
        loss.total.backward()
        for (key, parameter) in network.namedParameters() {
            let gradient = parameter.grad ?? Tensor(zeros: parameter.shape)
            Self.expectClose(gradient, golden["grad.\(key)"], "gradient of \(key)")
        }
    }
}

/// Properties that need no fixture.
@Suite struct NetworkPropertyTests {
    @Test func aConstantLambdaMapEqualsTheScalarResult() throws {
        let network = try MSLNetwork(configuration: GoldenNetworkTests.tiny, seed: 3)
        network.eval()
        var g = SeededGenerator(seed: 9)
        let ct = Tensor.uniform([2, 1, 32, 32], low: 0, high: 1, generator: &g)
        let mr = Tensor.uniform([2, 1, 32, 32], low: 0, high: 1, generator: &g)
        let reconstructor = MSLReconstructor(network: network)
        let encoded = try reconstructor.encode(ct: ct, mr: mr)
        for lambda: Float in [0, 0.3, 1] {
            let scalar = withNoGrad { network.decode(encoded.features, lambda: .scalar(lambda)) }
            let map = withNoGrad {
                network.decode(encoded.features, lambda: .map(Tensor(repeating: lambda, shape: [2, 1, 32, 32])))
            }
            var worst: Float = 0
            for i in 0..<scalar.count { worst = max(worst, abs(scalar.pointer[i] - map.pointer[i])) }
            #expect(worst <= 1e-6, "λ \(lambda): \(worst)")
        }
    }

    @Test func checkpointProblemsAreListedByName() throws {
        let network = try MSLNetwork(configuration: GoldenNetworkTests.tiny, seed: 3)
        var state = network.stateDict()
        state.removeValue(forKey: "G_D.weight")
        state["decoder.model.0.0.module1.weight"] = Tensor(zeros: [16, 16, 3, 3])
        state["pos_embedding"] = Tensor(zeros: [1, 5, 64])
        do {
            try network.load(stateDict: state)
            Issue.record("a bad state dict loaded")
        } catch let TensorError.stateDictMismatch(problems) {
            let text = problems.joined(separator: "\n")
            #expect(text.contains("missing key 'G_D.weight'"))
            #expect(text.contains("unused key 'decoder.model.0.0.module1.weight'"))
            #expect(text.contains("shape mismatch for 'pos_embedding'"))
        }
    }

    @Test func presetsAreValidAndBadShapesAreRefused() throws {
        #expect(MSLConfiguration.paper.problems.isEmpty && MSLConfiguration.compact.problems.isEmpty)
        #expect(MSLConfiguration.paper.sequenceLength == 2305)
        var bad = MSLConfiguration.compact
        bad.modelDimension = 200
        #expect(throws: MSLError.self) { try MSLNetwork(configuration: bad, seed: 0) }
    }

    /// The paper preset's parameter count on the forward path, from the authors' table (§1.11):
    /// 39,220,641 registered, of which 7,081,984 are dead (residual blocks, cls_token_mri).
    @Test func paperPresetHasTheAuthorsParameterCount() throws {
        let network = try MSLNetwork(configuration: .paper, seed: 0)
        #expect(network.parameterCount() == 39_220_641)
    }
}
