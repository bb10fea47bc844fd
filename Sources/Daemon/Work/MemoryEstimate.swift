/// A job's peak memory, estimated before it starts from the size of its input files, so the worker pool can keep
/// the sum of running jobs within `workers.memory_budget_mib`.
///
/// Measured with `msl process` (report.json `peakMemoryMiB`) on three studies: 15 MiB of input (CT 256²×56 and
/// MR 256²×60) peaked at 514 MiB, 34 MiB (CT 384²×90, MR 256²×60) at 784 MiB, and an 80 MiB MR-only at
/// 1357 MiB: about 360 MiB of runtime and model plus 12.5 MiB per MiB of input (the volumes in Float32, their
/// resampled copies and the eight output series). The estimate rounds both up (400 + 14 per MiB).
public enum MemoryEstimate {
    public static let baseMiB = 400
    public static let perInputMiB = 14

    public static func mebibytes(inputBytes: Int) -> Int {
        baseMiB + (perInputMiB * inputBytes + 1_048_575) / 1_048_576
    }
}
