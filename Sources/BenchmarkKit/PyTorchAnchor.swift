import Foundation

/// Timings of the same layers in PyTorch, measured in the same run by `Benchmarks/engine_torch.py`.
public struct PyTorchAnchor: Codable, Sendable {
    public struct LayerTiming: Codable, Sendable {
        public let name: String
        public let forwardSeconds: Double
        public let backwardSeconds: Double
        public let forwardFLOP: Double
        public let backwardFLOP: Double

        enum CodingKeys: String, CodingKey {
            case name
            case forwardSeconds = "forward_seconds"
            case backwardSeconds = "backward_seconds"
            case forwardFLOP = "forward_flop"
            case backwardFLOP = "backward_flop"
        }
    }

    public let torchVersion: String
    public let threads: Int
    public let results: [LayerTiming]

    enum CodingKeys: String, CodingKey {
        case torchVersion = "torch_version"
        case threads
        case results
    }

    /// Runs the anchor script for one layer; returns its timing, or why it is unavailable.
    public static func measure(
        script: String, layer: String, threads: Int, repeats: Int, warmup: Int
    ) -> Result<PyTorchAnchor, ReferenceUnavailable> {
        ReferenceScript.decode(
            PyTorchAnchor.self, from: script,
            arguments: ["--only", layer, "--threads", "\(threads)", "--repeats", "\(repeats)", "--warmup", "\(warmup)"])
    }
}
