import Foundation

/// Wall-clock timing with warm-up and the median of repeats (robust to a stray slow run).
public struct Stopwatch {
    public let warmup: Int
    public let repeats: Int

    public init(warmup: Int, repeats: Int) {
        precondition(repeats >= 1, "Stopwatch: at least one timed repeat")
        self.warmup = warmup
        self.repeats = repeats
    }

    /// Seconds now on a monotonic clock.
    public static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// The median over `repeats` of the seconds `body` takes, after `warmup` untimed calls.
    public func median(_ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<warmup { try body() }
        var samples: [Double] = []
        for _ in 0..<repeats {
            let start = Self.now()
            try body()
            samples.append(Self.now() - start)
        }
        return Self.median(of: samples)
    }

    /// The median of `samples` (mean of the middle two for an even count, as Python's statistics.median).
    public static func median(of samples: [Double]) -> Double {
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
