import Foundation
import Imaging
import MSLModel
import Tensor

/// `msl bench msl`: the MSL network per slice (batch 1) — encode, decode one λ, encode + 5 λ, one
/// λ-map optimiser step and, where the preset trains on a CPU, one training iteration — in msl and in
/// the PyTorch replica of the authors' network (`Benchmarks/msl_torch.py`) on the same configuration
/// and thread count in the same run, with achieved GFLOP/s (`MSLFlops` ÷ time) and its fraction of
/// OpenBLAS sgemm measured in the same run.
public struct MSLBenchmark {
    /// The configurations benchmarked.
    public enum Preset: String, Codable, Sendable, CaseIterable {
        case compact, paper
        /// The golden tests' 32² network: for a quick end-to-end test of the benchmark, not listed in help.
        case tiny

        /// The presets a user picks from (`tiny` is for tests).
        public static let listed: [Preset] = [.compact, .paper]

        public var configuration: MSLConfiguration {
            switch self {
            case .compact: return .compact
            case .paper: return .paper
            case .tiny: return .tiny
            }
        }

        /// The batch of the timed training iteration; none for `paper` (GPU-scale, about 6.5 TFLOP per
        /// iteration at the authors' batch 4).
        public var trainingBatch: Int? {
            switch self {
            case .compact: return 4
            case .tiny: return 2
            case .paper: return nil
            }
        }
    }

    /// What is timed, in this order.
    public enum Case: String, Codable, Sendable, CaseIterable {
        case encode
        case decode
        case encodeDecode5 = "encode_decode5"
        case lambdaMapStep = "lambda_map_step"
        case trainingIteration = "training_iteration"

        /// λ values of `encodeDecode5`.
        public static let lambdas: [Float] = [0, 0.3, 0.5, 0.7, 1]

        var label: String {
            switch self {
            case .encode: return "encode"
            case .decode: return "decode 1 λ"
            case .encodeDecode5: return "encode + 5 λ"
            case .lambdaMapStep: return "λ-map step"
            case .trainingIteration: return "training iteration"
            }
        }
    }

    /// One case of one preset, in msl and in PyTorch.
    public struct Row: Codable, Sendable {
        public let name: String
        public let description: String
        /// Slices per call: 1, or the training batch.
        public let batch: Int
        /// `MSLFlops` for the case (2 × multiply-adds of convolutions, linear layers, attention matmuls).
        public let flop: Double
        public let seconds: Double
        public let gflops: Double
        public let overSgemm: Double
        public let torchSeconds: Double?
        public let torchGFLOPS: Double?
        public let torchOverSgemm: Double?
        /// PyTorch seconds ÷ msl seconds: above 1, msl is faster.
        public let speedup: Double?
    }

    /// One preset's rows and the memory peaks.
    public struct PresetReport: Codable, Sendable {
        public let preset: String
        public let configuration: MSLConfiguration
        public let parameters: Int
        /// Peak resident memory of the msl process so far (getrusage ru_maxrss), read after this preset's
        /// cases: presets run in order, so a later preset's figure is the peak over all so far.
        public let peakResidentBytes: Int
        /// The PyTorch script's own peak (one process per preset, torch import included).
        public let torchPeakResidentBytes: Int?
        /// PyTorch running `msl_reference.training_loss` exactly as written, whose second forward also
        /// decodes the discarded single-modality output (msl skips that decoder pass).
        public let torchAuthorsTrainingSeconds: Double?
        public let rows: [Row]
    }

    public struct Report: Codable, Sendable {
        public let threads: Int
        public let repeats: Int
        public let warmup: Int
        public let sgemmSize: Int
        public let sgemmGFLOPS: Double
        /// OPENBLAS_THREAD_TIMEOUT in effect (msl and PyTorch alike).
        public let openBLASThreadTimeout: Int
        public let torchVersion: String?
        public let torchNote: String?
        /// What the λ-map step is, in both implementations.
        public let lambdaMapStep: String
        public let presets: [PresetReport]
    }

    static let lambdaMapStepNote =
        "λ-map step = one LambdaMapOptimiser iteration, the same objective in both: θ on the F×F grid → sigmoid → "
        + "repeated to N×N → decoder with the map → ½·MI(image, MSL-CT) + ½·MI(image, MSL-MR) (Parzen, 32 bins) "
        + "− 0.001·TV → backward to θ only (network parameters frozen) → Adam step on θ"

    public let threads: Int
    public let repeats: Int
    public let warmup: Int
    public let presets: [Preset]
    public let torchScript: String?

    public init(threads: Int, repeats: Int, warmup: Int, presets: [Preset], torchScript: String?) {
        self.threads = threads
        self.repeats = repeats
        self.warmup = warmup
        self.presets = presets
        self.torchScript = torchScript
    }

    public func run(progress: (String) -> Void) throws -> Report {
        Engine.threadCount = threads
        let stopwatch = Stopwatch(warmup: warmup, repeats: repeats)
        progress("sgemm \(EngineBenchmark.sgemmSize)³ …")
        let sgemm = EngineBenchmark.sgemmGFLOPS(stopwatch: stopwatch)

        var torchVersion: String?
        var torchNote: String? = torchScript == nil ? "PyTorch anchor skipped: --no-torch" : nil
        var reports: [PresetReport] = []
        for preset in presets {
            let configuration = preset.configuration
            let (timings, parameters) = try time(preset, stopwatch: stopwatch, progress: progress)
            let peak = PeakMemory.residentBytes()
            // PyTorch right after msl on the same preset, so both see the same machine state.
            var torch: MSLTorchAnchor?
            if let torchScript, torchNote == nil {
                progress("\(preset.rawValue) in PyTorch …")
                switch MSLTorchAnchor.measure(
                    script: torchScript, configuration: configuration, trainingBatch: preset.trainingBatch ?? 0,
                    threads: threads, repeats: repeats, warmup: warmup)
                {
                case .success(let measured):
                    torch = measured
                    torchVersion = measured.torchVersion
                case .failure(let reason): torchNote = "PyTorch anchor skipped: \(reason)"
                }
            }
            let flops = MSLFlops(configuration)
            let rows = timings.map { (which, seconds) in
                let batch = which == .trainingIteration ? preset.trainingBatch ?? 1 : 1
                let flop = Self.flop(of: which, flops: flops, batch: batch)
                let gflops = flop / seconds / 1e9
                let torchSeconds = torch?.seconds(of: which)
                let torchGFLOPS = torchSeconds.map { flop / $0 / 1e9 }
                return Row(
                    name: which.rawValue, description: Self.description(of: which, preset: preset), batch: batch,
                    flop: flop, seconds: seconds, gflops: gflops, overSgemm: gflops / sgemm,
                    torchSeconds: torchSeconds, torchGFLOPS: torchGFLOPS, torchOverSgemm: torchGFLOPS.map { $0 / sgemm },
                    speedup: torchSeconds.map { $0 / seconds })
            }
            reports.append(
                PresetReport(
                    preset: preset.rawValue, configuration: configuration, parameters: parameters,
                    peakResidentBytes: peak, torchPeakResidentBytes: torch?.peakResidentBytes,
                    torchAuthorsTrainingSeconds: torch?.trainingAuthorsSeconds, rows: rows))
        }
        return Report(
            threads: threads, repeats: repeats, warmup: warmup, sgemmSize: EngineBenchmark.sgemmSize,
            sgemmGFLOPS: sgemm, openBLASThreadTimeout: Engine.openBLASThreadTimeout, torchVersion: torchVersion,
            torchNote: torchNote, lambdaMapStep: Self.lambdaMapStepNote, presets: reports)
    }

    static func flop(of which: Case, flops: MSLFlops, batch: Int) -> Double {
        switch which {
        case .encode: return flops.encodeFLOP
        case .decode: return flops.decodeFLOP
        case .encodeDecode5: return flops.encodeFLOP + Double(Case.lambdas.count) * flops.decodeFLOP
        case .lambdaMapStep: return flops.lambdaMapStepFLOP(bins: ParzenMutualInformation().bins)
        case .trainingIteration: return flops.trainingIterationFLOP(batch: batch)
        }
    }

    static func description(of which: Case, preset: Preset) -> String {
        let n = preset.configuration.inputSize
        switch which {
        case .encode: return "encoders + transformer + fused features, \(n)², eval, no grad"
        case .decode: return "decoder for λ = 0.5, eval, no grad"
        case .encodeDecode5: return "encode, then decode λ 0, 0.3, 0.5, 0.7, 1"
        case .lambdaMapStep: return "one LambdaMapOptimiser step (decoder with a λ-map, MI, TV, backward, Adam)"
        case .trainingIteration:
            return "trainingLoss (two forwards) + backward + Adam, batch \(preset.trainingBatch ?? 1), train mode"
        }
    }
}
