import Testing

@testable import Tensor

@Suite struct NormalizationTests {
    @Test(arguments: ["instance_norm_biased", "instance_norm_unbiased", "instance_norm_affine"])
    func instanceNormMatchesReference(name: String) throws {
        let fixture = try Fixture(name)
        let x = fixture["x"]
        let affine = fixture.tensors["weight"] != nil
        let weight = affine ? fixture["weight"] : nil
        let bias = affine ? fixture["bias"] : nil
        let out = x.instanceNorm(
            weight: weight, bias: bias, unbiased: fixture.metadata["unbiased"] == "true", epsilon: fixture.float("eps"))
        var inputs = ["x": x]
        if let weight, let bias { (inputs["weight"], inputs["bias"]) = (weight, bias) }
        fixture.checkForwardAndGradients(out, inputs: inputs)
    }

    @Test func layerNormMatchesReference() throws {
        let fixture = try Fixture("layer_norm")
        let (x, weight, bias) = (fixture["x"], fixture["weight"], fixture["bias"])
        let out = x.layerNorm(weight: weight, bias: bias, epsilon: fixture.float("eps"))
        fixture.checkForwardAndGradients(out, inputs: ["x": x, "weight": weight, "bias": bias])
    }

    @Test func batchNormTrainingMatchesReferenceAndUpdatesRunningStatistics() throws {
        let fixture = try Fixture("batch_norm_train")
        let (x, weight, bias) = (fixture["x"], fixture["weight"], fixture["bias"])
        let runningMean = fixture.constant("running_mean")
        let runningVariance = fixture.constant("running_var")
        let out = x.batchNorm(
            runningMean: runningMean, runningVariance: runningVariance, weight: weight, bias: bias,
            training: true, momentum: fixture.float("momentum"), epsilon: fixture.float("eps"))
        fixture.checkForwardAndGradients(out, inputs: ["x": x, "weight": weight, "bias": bias])
        expectClose(runningMean, fixture.constant("new_running_mean"), "running mean")
        expectClose(runningVariance, fixture.constant("new_running_var"), "running variance")
    }

    @Test func batchNormEvaluationMatchesReference() throws {
        let fixture = try Fixture("batch_norm_eval")
        let (x, weight, bias) = (fixture["x"], fixture["weight"], fixture["bias"])
        let runningMean = fixture.constant("running_mean")
        let out = x.batchNorm(
            runningMean: runningMean, runningVariance: fixture.constant("running_var"), weight: weight, bias: bias,
            training: false, epsilon: fixture.float("eps"))
        fixture.checkForwardAndGradients(out, inputs: ["x": x, "weight": weight, "bias": bias])
        expectClose(runningMean, fixture.constant("running_mean"), "evaluation leaves running mean unchanged")
    }

    @Test(arguments: [[1, 1, 1, 1], [2, 3, 4, 4]])
    func conditionalInstanceNormMatchesReference(zShape: [Int]) throws {
        let fixture = try Fixture(zShape == [1, 1, 1, 1] ? "cin" : "cin_spatial")
        let (x, z) = (fixture["x"], fixture["z"])
        let (gw, gb, bw, bb) = (fixture["gamma_weight"], fixture["gamma_bias"], fixture["beta_weight"], fixture["beta_bias"])
        let gamma = z.conv2d(weight: gw, bias: gb).relu()
        let beta = z.conv2d(weight: bw, bias: bb).relu()
        let out = x.conditionalInstanceNorm(gamma: gamma, beta: beta, epsilon: fixture.float("eps"))
        fixture.checkForwardAndGradients(
            out,
            inputs: ["x": x, "z": z, "gamma_weight": gw, "gamma_bias": gb, "beta_weight": bw, "beta_bias": bb])
    }

    @Test func constantGammaMapEqualsPerChannelGamma() {
        // A per-pixel γ/β map that is constant per channel must give the per-channel result exactly:
        // the property the spatial λ-map relies on.
        let x = randomTensor([2, 3, 5, 5], seed: 1)
        let gamma = randomTensor([2, 3, 1, 1], seed: 2)
        let beta = randomTensor([2, 3, 1, 1], seed: 3)
        let expandedGamma = gamma + Tensor(zeros: [2, 3, 5, 5])
        let expandedBeta = beta + Tensor(zeros: [2, 3, 5, 5])
        let a = x.conditionalInstanceNorm(gamma: gamma, beta: beta)
        let b = x.conditionalInstanceNorm(gamma: expandedGamma, beta: expandedBeta)
        #expect(a.values == b.values)
    }

    @Test func gradients() {
        let x = randomTensor([2, 3, 4, 5], seed: 4)
        let w = randomTensor([3], seed: 5)
        let b = randomTensor([3], seed: 6)
        checkGradient(of: [x, w, b]) { x.instanceNorm(weight: w, bias: b) }
        checkGradient(of: [x]) { x.instanceNorm(unbiased: true) }
        let tokens = randomTensor([2, 3, 6], seed: 7)
        let lw = randomTensor([6], seed: 8)
        checkGradient(of: [tokens, lw]) { tokens.layerNorm(weight: lw) }
        let mean = Tensor(zeros: [3])
        let variance = Tensor(repeating: 1, shape: [3])
        checkGradient(of: [x, w, b]) {
            x.batchNorm(runningMean: mean, runningVariance: variance, weight: w, bias: b, training: true)
        }
    }
}
