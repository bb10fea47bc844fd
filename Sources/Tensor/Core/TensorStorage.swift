#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Float32 buffer aligned to 64 bytes (one cache line, the widest AVX-512 load).
///
/// Storage is a reference type so that `reshape` can share it without copying; a tensor never
/// changes its storage's size. Mutation in place (optimiser steps, `assign`) is visible to every
/// tensor sharing the buffer, exactly as with PyTorch views. Large buffers come from and return
/// to `BufferPool`.
public final class TensorStorage: @unchecked Sendable {
    /// Number of Float32 elements.
    public let count: Int
    /// The first element; valid for `count` elements while the storage lives.
    public let pointer: UnsafeMutablePointer<Float>

    /// The alignment of every buffer, in bytes.
    public static let alignment = 64

    private var bytes: Int { max(count, 1) * MemoryLayout<Float>.stride }

    /// Allocates `count` elements, all zero.
    public convenience init(count: Int) {
        self.init(uninitializedCount: count)
        pointer.update(repeating: 0, count: count)
    }

    /// Allocates `count` elements without clearing them: for kernels that write every element
    /// before anything reads it.
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "TensorStorage: negative element count \(count)")
        self.count = count
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        pointer = BufferPool.shared.allocate(bytes: bytes).bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit { BufferPool.shared.release(UnsafeMutableRawPointer(pointer), bytes: bytes) }

    /// The elements as a buffer pointer.
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
