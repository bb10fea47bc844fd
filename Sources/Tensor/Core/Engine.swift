import COpenBLAS
import Dispatch
import Synchronization

/// Process-wide engine settings.
public enum Engine {
    private static let threads = Atomic<Int>(2)

    /// How many threads parallel loops and OpenBLAS use (default 2, the machine's core count).
    ///
    /// Setting it also calls `openblas_set_num_threads`. Results for 1 and 2 threads agree to
    /// float rounding: every parallel loop partitions work so that each output element is written
    /// by exactly one thread, in the same order of accumulation.
    public static var threadCount: Int {
        get { threads.load(ordering: .relaxed) }
        set {
            precondition(newValue >= 1, "Engine.threadCount must be at least 1, got \(newValue)")
            threads.store(newValue, ordering: .relaxed)
            openblas_set_num_threads(Int32(newValue))
        }
    }
}

/// Runs `body` over `0..<count`, split into at most `Engine.threadCount` contiguous chunks of at
/// least `grain` elements each. Chunks never overlap, so each index is visited exactly once.
@inline(__always)
func parallelFor(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let chunks = min(Engine.threadCount, max(1, count / max(grain, 1)))
    if chunks == 1 {
        body(0..<count)
        return
    }
    // Dispatch wants a @Sendable closure; the kernels' raw pointers are not Sendable, but each
    // chunk writes a disjoint range and concurrentPerform returns only after every chunk ends.
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = count * chunk / chunks
            let end = count * (chunk + 1) / chunks
            shared.value(start..<end)
        }
    }
}

/// Carries a value across a concurrency boundary that the caller has proven safe.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
