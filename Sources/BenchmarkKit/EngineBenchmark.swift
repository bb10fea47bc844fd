import Foundation
import Tensor

/// `msl bench engine`: the paper preset's heaviest layers, forward and backward, as GFLOP/s and
/// as fractions of OpenBLAS sgemm measured in the same run, next to PyTorch on the same shapes.
///
/// FLOP conventions (as `Benchmarks/engine_torch.py`): a multiply-add is 2 FLOP; bias, softmax
/// and elementwise work are not counted; backward = 2 × forward (input and weight gradients).
public struct EngineBenchmark {
    /// One layer to time: builds its inputs once, then runs forward (recording) and backward.
    struct Layer {
        let name: String
        let description: String
        let forwardFLOP: Double
        /// Builds inputs and weights (the leaves) and returns them with the forward function.
        let prepare: () -> (leaves: [Tensor], forward: () -> Tensor)
    }

    public struct Row: Codable, Sendable {
        public let name: String
        public let description: String
        public let forwardSeconds: Double
        public let backwardSeconds: Double
        public let forwardGFLOPS: Double
        public let backwardGFLOPS: Double
        public let forwardOverSgemm: Double
        public let backwardOverSgemm: Double
        public let torchForwardGFLOPS: Double?
        public let torchBackwardGFLOPS: Double?
        public let forwardOverTorch: Double?
        public let backwardOverTorch: Double?
    }

    public struct Report: Codable, Sendable {
        public let threads: Int
        public let repeats: Int
        public let sgemmSize: Int
        public let sgemmGFLOPS: Double
        /// OPENBLAS_THREAD_TIMEOUT in effect (msl and PyTorch alike).
        public let openBLASThreadTimeout: Int
        public let torchVersion: String?
        public let torchNote: String?
        public let rows: [Row]
    }

    public let threads: Int
    public let repeats: Int
    public let warmup: Int
    public let torchScript: String?
    public let only: Set<String>

    public init(threads: Int, repeats: Int, warmup: Int, torchScript: String?, only: Set<String> = []) {
        self.threads = threads
        self.repeats = repeats
        self.warmup = warmup
        self.torchScript = torchScript
        self.only = only
    }

    /// The layer names, in the order they run.
    public static var layerNames: [String] { layers.map(\.name) }

    public func run(progress: (String) -> Void) -> Report {
        Engine.threadCount = threads
        let stopwatch = Stopwatch(warmup: warmup, repeats: repeats)
        progress("sgemm \(Self.sgemmSize)³ …")
        let sgemm = Self.sgemmGFLOPS(stopwatch: stopwatch)

        // Each layer is timed in msl and then in PyTorch, one after the other, so that both see
        // the same machine state (a VM's clock speed drifts over a minute of full load).
        var torchVersion: String?
        var torchNote: String? = torchScript == nil ? "PyTorch anchor skipped: --no-torch" : nil
        var rows: [Row] = []
        for layer in Self.layers where only.isEmpty || only.contains(layer.name) {
            progress("\(layer.name) …")
            let (forwardSeconds, backwardSeconds) = time(layer, stopwatch: stopwatch)
            var torch: PyTorchAnchor.LayerTiming?
            if let torchScript, torchNote == nil {
                progress("\(layer.name) in PyTorch …")
                switch PyTorchAnchor.measure(
                    script: torchScript, layer: layer.name, threads: threads, repeats: repeats, warmup: warmup)
                {
                case .success(let measured):
                    torchVersion = measured.torchVersion
                    torch = measured.results.first { $0.name == layer.name }
                case .failure(let reason): torchNote = "PyTorch anchor skipped: \(reason)"
                }
            }
            let backwardFLOP = 2 * layer.forwardFLOP
            let forwardGFLOPS = layer.forwardFLOP / forwardSeconds / 1e9
            let backwardGFLOPS = backwardFLOP / backwardSeconds / 1e9
            let torchForward = torch.map { $0.forwardFLOP / $0.forwardSeconds / 1e9 }
            let torchBackward = torch.map { $0.backwardFLOP / $0.backwardSeconds / 1e9 }
            rows.append(
                Row(
                    name: layer.name, description: layer.description,
                    forwardSeconds: forwardSeconds, backwardSeconds: backwardSeconds,
                    forwardGFLOPS: forwardGFLOPS, backwardGFLOPS: backwardGFLOPS,
                    forwardOverSgemm: forwardGFLOPS / sgemm, backwardOverSgemm: backwardGFLOPS / sgemm,
                    torchForwardGFLOPS: torchForward, torchBackwardGFLOPS: torchBackward,
                    forwardOverTorch: torchForward.map { forwardGFLOPS / $0 },
                    backwardOverTorch: torchBackward.map { backwardGFLOPS / $0 }))
        }
        return Report(
            threads: threads, repeats: repeats, sgemmSize: Self.sgemmSize, sgemmGFLOPS: sgemm,
            openBLASThreadTimeout: Engine.openBLASThreadTimeout, torchVersion: torchVersion, torchNote: torchNote, rows: rows)
    }

    /// Median forward and backward seconds, timed as the PyTorch script does: t0; y = f(x); t1;
    /// y.backward(g); t2, with the leaves' gradients cleared between iterations.
    private func time(_ layer: Layer, stopwatch: Stopwatch) -> (Double, Double) {
        let (leaves, forward) = layer.prepare()
        var forwardSamples: [Double] = []
        var backwardSamples: [Double] = []
        var gradient: Tensor?
        for iteration in 0..<(stopwatch.warmup + stopwatch.repeats) {
            let t0 = Stopwatch.now()
            let y = forward()
            let t1 = Stopwatch.now()
            let g = gradient ?? Tensor(repeating: 1e-3, shape: y.shape)
            gradient = g
            y.backward(gradient: g)
            let t2 = Stopwatch.now()
            for leaf in leaves { leaf.grad = nil }
            if iteration >= stopwatch.warmup {
                forwardSamples.append(t1 - t0)
                backwardSamples.append(t2 - t1)
            }
        }
        return (Stopwatch.median(of: forwardSamples), Stopwatch.median(of: backwardSamples))
    }
}
