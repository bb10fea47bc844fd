import CFFTW
import Synchronization

/// FFTW plans made once per (kind, size) and shared by every thread.
///
/// FFTW's planner is not thread-safe, so plans are created (never destroyed) under one lock.
/// Executing a plan with the new-array functions (`fftwf_execute_dft`, `_r2c`, `_c2r`) is
/// thread-safe (FFTW manual §5.4, "Thread safety"), so callers run cached plans concurrently on
/// their own `FFTWBuffer`s. Plans use FFTW_ESTIMATE: planning is fast, touches no array and
/// gives the same plan, hence the same bits, on every run.
enum FFTPlanCache {
    /// What a plan computes. Complex plans are in place; real plans are out of place.
    enum Key: Hashable {
        /// 2-D complex DFT of a row-major height×width array; sign FFTW_FORWARD (−1) or FFTW_BACKWARD (+1).
        case complex2D(width: Int, height: Int, sign: Int32)
        /// 1-D real-to-complex DFT of `length` reals into length/2+1 complex bins.
        case realForward(length: Int)
        /// 1-D complex-to-real inverse DFT (unnormalised) of length/2+1 bins into `length` reals.
        case realInverse(length: Int)
    }

    private static let plans = Mutex<[Key: FFTWPlan]>([:])

    /// The cached plan for `key`, planned on first use.
    static func plan(_ key: Key) -> FFTWPlan {
        plans.withLock { plans in
            if let plan = plans[key] { return plan }
            let plan = FFTWPlan(make(key))
            plans[key] = plan
            return plan
        }
    }

    /// Plans `key` on scratch buffers from `fftwf_malloc`, so the plan assumes exactly the
    /// alignment that every `FFTWBuffer` has. FFTW_ESTIMATE never reads or writes them.
    private static func make(_ key: Key) -> OpaquePointer {
        let flags = UInt32(FFTW_ESTIMATE)
        switch key {
        case .complex2D(let width, let height, let sign):
            let data = FFTWBuffer(floatCount: 2 * width * height)
            return data.withComplex { fftwf_plan_dft_2d(Int32(height), Int32(width), $0, $0, sign, flags) }
        case .realForward(let length):
            let real = FFTWBuffer(floatCount: length)
            let spectrum = FFTWBuffer(floatCount: 2 * (length / 2 + 1))
            return spectrum.withComplex { fftwf_plan_dft_r2c_1d(Int32(length), real.pointer, $0, flags) }
        case .realInverse(let length):
            let real = FFTWBuffer(floatCount: length)
            let spectrum = FFTWBuffer(floatCount: 2 * (length / 2 + 1))
            return spectrum.withComplex { fftwf_plan_dft_c2r_1d(Int32(length), $0, real.pointer, flags) }
        }
    }
}

/// An FFTW plan (`fftwf_plan`, an opaque C pointer).
///
/// `@unchecked Sendable` because FFTW documents `fftwf_execute_dft*` on an existing plan as
/// thread-safe, and the plan is never mutated or destroyed after `FFTPlanCache` stores it.
final class FFTWPlan: @unchecked Sendable {
    let raw: OpaquePointer

    init(_ raw: OpaquePointer) { self.raw = raw }
}

/// Float storage from `fftwf_malloc` (SIMD-aligned as FFTW plans assume), freed with `fftwf_free`.
final class FFTWBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// An uninitialised buffer of `floatCount` floats.
    init(floatCount: Int) {
        count = floatCount
        pointer = fftwf_alloc_real(max(floatCount, 1))!
    }

    deinit { fftwf_free(pointer) }

    /// The buffer seen as `count/2` interleaved complex values (`fftwf_complex`).
    func withComplex<R>(_ body: (UnsafeMutablePointer<fftwf_complex>) -> R) -> R {
        pointer.withMemoryRebound(to: fftwf_complex.self, capacity: max(count / 2, 1), body)
    }

    /// Copies `values` into the start of the buffer.
    func load(_ values: [Float]) {
        values.withUnsafeBufferPointer {
            if let base = $0.baseAddress { pointer.update(from: base, count: $0.count) }
        }
    }

    /// The first `count` floats as an array.
    func array() -> [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
