import Foundation
import Imaging
import MSLModel

/// Each output measured against the full images its sparse inputs were simulated from (on the model grid,
/// [0, 1] scales, whole N×N slices as in the paper): MAE, PSNR (peak 1), SSIM (11×11 Gaussian window, σ 1.5,
/// data range 1) and MI in nats (joint histogram, 256 bins per image over each image's range, DESIGN §3).
/// The sparse inputs (FBP, zero-filled) are measured the same way as baselines. A reference that the study
/// lacks (the CT of an MR-only study) has no rows.
struct QualityTable: Codable {
    struct Metrics: Codable {
        var mae: Double
        var psnr: Double
        var ssim: Double
        var mi: Double
    }

    struct Row: Codable {
        /// "FBP", "zero-filled", "MSL-CT", "MSL-MR", "HYBRID λ=0.5", "λ-map fused".
        let output: String
        /// The output's λ when it has one (MSL-CT 0, MSL-MR 1, hybrids), for the λ plots.
        let lambda: Float?
        /// "CT" or "MR".
        let reference: String
        let mean: Metrics
        let perSlice: [Metrics]
    }

    let rows: [Row]

    init(_ reconstruction: StackReconstruction, stack: ModelGridStack) throws {
        var outputs: [(String, Float?, [[Float]])] = []
        if let ct = reconstruction.sparseCT { outputs.append(("FBP", nil, ct.map { $0.map { min(max($0, 0), 1) } })) }
        if let mr = reconstruction.sparseMR { outputs.append(("zero-filled", nil, mr.map { $0.map { min(max($0, 0), 1) } })) }
        outputs.append(("MSL-CT", 0, reconstruction.mslCT))
        for hybrid in reconstruction.hybrids {
            outputs.append(("HYBRID λ=\(hybrid.lambda)", hybrid.lambda, hybrid.images))
        }
        outputs.append(("MSL-MR", 1, reconstruction.mslMR))
        if let map = reconstruction.lambdaMap { outputs.append(("λ-map fused", nil, map.fused)) }
        let n = stack.size
        var rows: [Row] = []
        for (name, lambda, images) in outputs {
            for (reference, targets) in [("CT", stack.ct), ("MR", stack.mr)] {
                guard let targets else { continue }
                let perSlice = try parallelMap(
                    Array(zip(images, targets)), threads: ProcessInfo.processInfo.activeProcessorCount
                ) { pair in Result { try Self.measure(pair.0, against: pair.1, n: n) } }.map { try $0.get() }
                rows.append(
                    Row(output: name, lambda: lambda, reference: reference, mean: Self.mean(perSlice), perSlice: perSlice))
            }
        }
        self.rows = rows
    }

    static func measure(_ image: [Float], against target: [Float], n: Int) throws -> Metrics {
        let quality = try ImageQuality(image, reference: target, size: n)
        let mi = try MutualInformation().measure(
            Image2D(width: n, height: n, pixels: target), Image2D(width: n, height: n, pixels: image))
        return Metrics(mae: quality.mae, psnr: quality.psnr, ssim: quality.ssim, mi: mi)
    }

    static func mean(_ values: [Metrics]) -> Metrics {
        let n = Double(max(1, values.count))
        return Metrics(
            mae: values.map(\.mae).reduce(0, +) / n, psnr: values.map(\.psnr).reduce(0, +) / n,
            ssim: values.map(\.ssim).reduce(0, +) / n, mi: values.map(\.mi).reduce(0, +) / n)
    }

    /// The row of `output` against `reference`.
    func row(_ output: String, _ reference: String) -> Row? {
        rows.first { $0.output == output && $0.reference == reference }
    }
}
