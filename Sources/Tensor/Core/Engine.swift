import COpenBLAS
import Dispatch
import Glibc
import Synchronization

/// Process-wide engine settings.
public enum Engine {
    /// The thread count until `threadCount` is set: the two cores of the machine msl is built for.
    public static let defaultThreadCount = 2
    private static let threads = Atomic<Int>(defaultThreadCount)

    /// How many threads parallel loops and OpenBLAS use (default `defaultThreadCount`).
    ///
    /// Setting it also calls `openblas_set_num_threads`. Results for 1 and 2 threads agree to
    /// float rounding: every parallel loop partitions work so that each output element is written
    /// by exactly one thread, in the same order of accumulation.
    public static var threadCount: Int {
        get { threads.load(ordering: .relaxed) }
        set {
            precondition(newValue >= 1, "Engine.threadCount must be at least 1, got \(newValue)")
            threads.store(newValue, ordering: .relaxed)
            _ = openBLASPool
            openblas_set_num_threads(Int32(newValue))
        }
    }

    /// How long an idle OpenBLAS worker spins before it sleeps, as the exponent n of 2ⁿ cycles.
    public static var openBLASThreadTimeout: Int {
        _ = openBLASPool
        return Int(openblas_thread_timeout())
    }

    /// OpenBLAS's thread pool, restarted once before the first GEMM with a short spin.
    ///
    /// After each call OpenBLAS's workers spin on `sched_yield` for 2²⁸ cycles (about 0.1 s) before
    /// they sleep, so between GEMMs the engine's own loops share the cores with a spinning worker
    /// (13 % of a `msl bench msl` profile was that spin). OPENBLAS_THREAD_TIMEOUT = 4, the least
    /// OpenBLAS accepts, makes them sleep at once: the compact encode went from 21–27 ms to 17–19 ms and a
    /// training iteration from 0.80–0.93 s to 0.75–0.77 s. A value set in the environment is kept.
    /// OpenBLAS reads its environment when it is loaded, before `main`, hence the re-read and restart.
    static let openBLASPool: Void = {
        setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0)
        openblas_read_env()
        blas_thread_shutdown_()  // the next call starts as many workers as before, with the timeout just read
    }()
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
