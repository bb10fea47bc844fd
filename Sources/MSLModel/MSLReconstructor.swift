import Foundation
import Tensor

/// Inference with a trained network: encode the inputs once, then decode any list of λ values and any
/// λ-maps from the same representation (the encoders and the transformer, most of the work, run once).
///
/// With both inputs the decoder reads the multi-sensor representation. With one input absent, that
/// encoder sees an all-zero image and the decoder reads only the present modality's two token quarters
/// (the authors' single-modality "com" path), so MR-only input still yields an MSL-CT (synthetic CT)
/// and vice versa.
public final class MSLReconstructor {
    public let network: MSLNetwork

    /// Puts `network` in evaluation mode (BatchNorm running statistics, no dropout).
    public init(network: MSLNetwork) {
        network.eval()
        self.network = network
    }

    /// Which inputs an encoding came from.
    public enum Inputs: String, Sendable, Codable {
        case both, ctOnly, mrOnly
    }

    /// An encoded batch: the decoder input and what it represents.
    public struct Encoded {
        public let features: Tensor
        public let inputs: Inputs

        /// Image `index` of the batch alone, as if encoded by itself (the λ-map optimiser takes one slice).
        public func item(_ index: Int) -> Encoded {
            let shape = features.shape
            let count = shape.dropFirst().reduce(1, *)
            let values = Array(UnsafeBufferPointer(start: features.pointer + index * count, count: count))
            return Encoded(features: Tensor(shape: [1] + shape.dropFirst(), values: values), inputs: inputs)
        }
    }

    /// Encodes a batch ([B, 1, N, N], N = the configuration's input size); at least one input.
    ///
    /// - Throws: `MSLError.invalidInput` for no input, a wrong shape or two batch sizes.
    public func encode(ct: Tensor?, mr: Tensor?) throws -> Encoded {
        let n = network.configuration.inputSize
        guard let shape = (ct ?? mr)?.shape else { throw MSLError.invalidInput("give a CT input, an MR input or both") }
        for (name, input) in [("CT", ct), ("MR", mr)] {
            guard let input else { continue }
            guard input.rank == 4, input.shape[1] == 1, input.shape[2] == n, input.shape[3] == n, input.shape[0] == shape[0]
            else {
                throw MSLError.invalidInput("\(name) input has shape \(input.shape); the model takes [\(shape[0]), 1, \(n), \(n)]")
            }
        }
        let inputs: Inputs = ct != nil && mr != nil ? .both : ct != nil ? .ctOnly : .mrOnly
        return withNoGrad {
            let absent = Tensor(zeros: shape)
            let quarters = network.encode(ct: ct ?? absent, mr: mr ?? absent)
            let representation: TokenQuarters.Representation =
                inputs == .both ? .fused : inputs == .ctOnly ? .ctOnly : .mrOnly
            return Encoded(features: network.features(quarters.tokens(representation)), inputs: inputs)
        }
    }

    /// One image per λ, [B, 1, N, N] each, clamped to [0, 1] (the network's tanh range, negatives are
    /// not intensities).
    public func decode(_ encoded: Encoded, lambdas: [Float]) -> [Tensor] {
        withNoGrad { lambdas.map { Self.clamped(network.decode(encoded.features, lambda: .scalar($0))) } }
    }

    /// The image for a λ-map [B or 1, 1, N, N] with values in [0, 1].
    public func decode(_ encoded: Encoded, lambdaMap: Tensor) -> Tensor {
        withNoGrad { Self.clamped(network.decode(encoded.features, lambda: .map(lambdaMap))) }
    }

    static func clamped(_ t: Tensor) -> Tensor {
        let out = Tensor(zeros: t.shape)
        for i in 0..<t.count { out.pointer[i] = min(1, max(0, t.pointer[i])) }
        return out
    }
}

extension MSLNetwork {
    /// Loads a safetensors checkpoint by name (the authors' keys; see `Tests/MSLModelTests/Fixtures/
    /// convert_checkpoint.py` for converting their `.pth`).
    ///
    /// - Throws: `MSLError.checkpoint` naming the file, with every missing, unused or mis-shaped tensor.
    public func load(checkpoint url: URL) throws {
        do {
            let file = try SafetensorsFile.read(contentsOf: url)
            try load(stateDict: file.tensors)
        } catch let error as TensorError {
            throw MSLError.checkpoint(path: url.path, reason: error.description)
        }
    }
}
