import Foundation
import MSLModel

/// One preset's timings in the PyTorch replica of the authors' network, measured in the same run by
/// `Benchmarks/msl_torch.py` (its docstring says exactly what each case runs).
public struct MSLTorchAnchor: Codable, Sendable {
    public let torchVersion: String
    public let threads: Int
    public let encodeSeconds: Double
    public let decodeSeconds: Double
    public let encodeDecode5Seconds: Double
    public let lambdaMapStepSeconds: Double
    public let trainingSeconds: Double?
    public let trainingAuthorsSeconds: Double?
    public let peakResidentBytes: Int

    enum CodingKeys: String, CodingKey {
        case torchVersion = "torch_version"
        case threads
        case encodeSeconds = "encode_seconds"
        case decodeSeconds = "decode_seconds"
        case encodeDecode5Seconds = "encode_decode5_seconds"
        case lambdaMapStepSeconds = "lambda_map_step_seconds"
        case trainingSeconds = "training_seconds"
        case trainingAuthorsSeconds = "training_authors_seconds"
        case peakResidentBytes = "peak_rss_bytes"
    }

    func seconds(of which: MSLBenchmark.Case) -> Double? {
        switch which {
        case .encode: return encodeSeconds
        case .decode: return decodeSeconds
        case .encodeDecode5: return encodeDecode5Seconds
        case .lambdaMapStep: return lambdaMapStepSeconds
        case .trainingIteration: return trainingSeconds
        }
    }

    /// Runs the script on `configuration`; its timings, or why they are unavailable.
    public static func measure(
        script: String, configuration: MSLConfiguration, trainingBatch: Int, threads: Int, repeats: Int, warmup: Int
    ) -> Result<MSLTorchAnchor, ReferenceUnavailable> {
        ReferenceScript.decode(
            MSLTorchAnchor.self, from: script,
            arguments: [
                "--config", configurationJSON(configuration), "--training-batch", "\(trainingBatch)",
                "--threads", "\(threads)", "--repeats", "\(repeats)", "--warmup", "\(warmup)",
            ])
    }

    /// `configuration` as `msl_reference.py`'s config dict (its key names), compact JSON.
    static func configurationJSON(_ c: MSLConfiguration) -> String {
        let fields: [(String, String)] = [
            ("input_size", "\(c.inputSize)"), ("base_channels", "\(c.baseChannels)"),
            ("downsamplings", "\(c.downsamplings)"), ("patch_size", "\(c.patchSize)"),
            ("model_dim", "\(c.modelDimension)"), ("depth", "\(c.depth)"), ("heads", "\(c.heads)"),
            ("head_dim", "\(c.headDimension)"), ("mlp_dim", "\(c.mlpDimension)"),
            ("latent_dim", "\(c.latentDimension)"), ("dropout", "\(c.dropout)"),
            ("encoder_res_blocks", "\(c.encoderResidualBlocks)"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}
