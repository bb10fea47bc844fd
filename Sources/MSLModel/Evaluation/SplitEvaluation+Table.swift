import Foundation

/// The evaluation as Markdown, for people and for notes.
extension SplitEvaluation {
    /// One row per subject and method, then the means: MAE, PSNR (dB) and SSIM. Outputs a model trained with
    /// `options` never learned (an ablation's fused path, the MR of a CT-only model) say "(untrained)".
    public func markdownTable(trainedWith options: TrainingOptions = TrainingOptions()) -> String {
        var lines = [
            "| subject | method | MAE | PSNR (dB) | SSIM |",
            "|---|---|---:|---:|---:|",
        ]
        let untrained = Set(Method.allCases).subtracting(Self.trainedOutputs(options)).subtracting([.fbp, .zeroFilled])
        func row(_ name: String, _ method: Method, _ q: ImageQuality) -> String {
            let label = method.rawValue + (untrained.contains(method) ? " (untrained)" : "")
            return "| \(name) | \(label) | \(Self.fixed(q.mae, 4)) | \(Self.fixed(q.psnr, 2)) | \(Self.fixed(q.ssim, 4)) |"
        }
        for subject in subjects {
            for method in Method.allCases {
                if let q = subject.quality[method] { lines.append(row(subject.patient, method, q)) }
            }
        }
        let means = self.means
        for method in Method.allCases {
            if let q = means[method] { lines.append(row("**mean of \(subjects.count)**", method, q)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
