/// Where a `Trainer` reports: progress lines, validation results and checkpoint notes, as raw text.
///
/// The library never writes to a stream itself; `msl train` passes a closure writing to stderr and picks
/// the style from `isatty(2)`.
public struct TrainingOutput: Sendable {
    public enum Style: Sendable {
        /// One progress line rewritten in place (`\r`, erase to end of line) at most ten times a second;
        /// other messages on their own lines.
        case terminal
        /// One progress line every `TrainingOptions.progressEvery` iterations and at the end.
        case lines
    }

    public var style: Style
    /// Receives text to write as is (it carries its own `\r` and `\n`).
    public var write: @Sendable (String) -> Void

    public init(style: Style, write: @escaping @Sendable (String) -> Void) {
        self.style = style
        self.write = write
    }

    /// Reports nothing.
    public static let silent = TrainingOutput(style: .lines) { _ in }
}

/// What a `Trainer.run` did.
public struct TrainingSummary: Sendable, Equatable {
    /// Why the run returned.
    public enum Ending: String, Sendable, Codable {
        /// `TrainingOptions.iterations` reached.
        case finished
        /// The next iteration would have passed the time budget; a checkpoint was written.
        case timeBudget
    }

    public var ending: Ending
    /// Completed iterations of the whole run (all sessions).
    public var iteration: Int
    /// Iterations run by this call.
    public var iterationsThisSession: Int
    /// Iterations per second over this call's training steps (checkpoints and validation excluded).
    public var iterationsPerSecond: Double
    /// The last iteration's loss terms, in display order.
    public var lastLoss: [String: Float]
    /// The last validation, if any ran in this call.
    public var lastValidation: String?
}
