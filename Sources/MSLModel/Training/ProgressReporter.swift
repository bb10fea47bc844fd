import Foundation

/// Formats a run's progress for a `TrainingOutput`:
///
///     iteration 120/1000  loss 0.2345 (rec 0.0812 single 0.0901 align 0.0420 fusion 0.0212)  lr 2.00e-04  3.21 it/s  ETA 4m34s
///
/// The loss is the total that is differentiated, the terms as `TrainingObjective` names them; it/s is over
/// the recent training steps (a moving window of 20), the ETA from it and the iterations left.
struct ProgressReporter {
    let output: TrainingOutput
    let options: TrainingOptions
    private let clock = ContinuousClock()
    private var lastDraw: ContinuousClock.Instant?
    private var window: [Double] = []
    private var lineShown = false
    private var lastLine = ""
    private var notes = Set<String>()

    init(output: TrainingOutput, options: TrainingOptions) {
        self.output = output
        self.options = options
    }

    mutating func iterationDone(
        _ iteration: Int, terms: [(name: String, value: Float)], learningRate: Float, stepSeconds: Double
    ) {
        window.append(stepSeconds)
        if window.count > 20 { window.removeFirst() }
        let rate = window.isEmpty ? 0 : Double(window.count) / window.reduce(0, +)
        lastLine = Self.line(
            iteration: iteration, total: options.iterations, terms: terms, learningRate: learningRate, rate: rate)
        switch output.style {
        case .terminal:
            let now = clock.now
            if let lastDraw, now - lastDraw < .milliseconds(100), iteration < options.iterations { return }
            lastDraw = now
            output.write("\r\u{1B}[K" + lastLine)
            lineShown = true
        case .lines:
            if iteration % options.progressEvery == 0 { output.write(lastLine + "\n") }
        }
    }

    /// A message on its own line (the terminal progress line is redrawn after it).
    mutating func message(_ text: String) {
        switch output.style {
        case .terminal:
            output.write((lineShown ? "\r\u{1B}[K" : "") + text + "\n" + (lineShown ? lastLine : ""))
        case .lines:
            output.write(text + "\n")
        }
    }

    /// A message printed once per run.
    mutating func noteOnce(_ text: String) {
        if notes.insert(text).inserted { message(text) }
    }

    /// Ends the progress display: the final line stays.
    mutating func finish(_ iteration: Int) {
        switch output.style {
        case .terminal:
            if lineShown { output.write("\r\u{1B}[K" + lastLine + "\n") }
            lineShown = false
        case .lines:
            if iteration % options.progressEvery != 0 && !lastLine.isEmpty { output.write(lastLine + "\n") }
        }
        lastLine = ""
    }

    static func line(
        iteration: Int, total: Int, terms: [(name: String, value: Float)], learningRate: Float, rate: Double
    ) -> String {
        let loss = terms.first { $0.name == "total" }?.value ?? terms.reduce(0) { $0 + $1.value }
        let parts = terms.filter { $0.name != "total" }.map { "\($0.name) \(format($0.value))" }.joined(separator: " ")
        let eta = rate > 0 ? duration(Double(total - iteration) / rate) : "?"
        return "iteration \(iteration)/\(total)  loss \(format(loss)) (\(parts))  lr "
            + String(format: "%.2e", Double(learningRate)) + "  " + String(format: "%.2f", rate) + " it/s  ETA \(eta)"
    }

    static func describe(_ record: TrainingValidation.Record) -> String {
        func metrics(_ name: String, _ m: TrainingValidation.Metrics?) -> String? {
            guard let m else { return nil }
            return "\(name) MAE " + String(format: "%.4f", m.mae) + " PSNR " + String(format: "%.2f", m.psnr)
                + " dB SSIM " + String(format: "%.4f", m.ssim)
        }
        let parts = [metrics("MSL-CT", record.ct), metrics("MSL-MR", record.mr)].compactMap { $0 }
        return "validation at iteration \(record.iteration) (\(record.slices) slices): " + parts.joined(separator: "; ")
    }

    static func format(_ value: Float) -> String { String(format: "%.4f", Double(value)) }

    static func duration(_ seconds: Double) -> String { DurationText.format(seconds) }
}

/// Durations for people, as progress lines print them: 4m34s, 2h05m, 12s ("?" when not finite).
public enum DurationText {
    public static func format(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }
}
