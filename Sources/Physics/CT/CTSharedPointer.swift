/// A raw buffer address carried into `DispatchQueue.concurrentPerform`'s closure by the CT
/// operators.
///
/// `@unchecked Sendable` because the compiler cannot see what the callers guarantee: every
/// iteration either only reads the buffer or writes a region no other iteration touches (one
/// sinogram row, one image row, one private accumulation buffer), and the buffer outlives all of
/// them because `concurrentPerform` returns only after the last iteration has finished.
struct CTSharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
