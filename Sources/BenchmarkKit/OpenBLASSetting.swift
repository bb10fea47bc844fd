/// The OpenBLAS setting a benchmark ran with (`Engine.openBLASPool`), for its table. The PyTorch and reference runs
/// are child processes, so they inherit it through the environment.
enum OpenBLASSetting {
    static func summary(threadTimeout: Int) -> String {
        "OpenBLAS workers sleep after 2^\(threadTimeout) idle cycles (OPENBLAS_THREAD_TIMEOUT, inherited by PyTorch)"
    }
}
