#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A zero-initialised Float32 buffer aligned to 64 bytes (one cache line, the widest AVX-512 load).
///
/// Storage is a reference type so that `reshape` can share it without copying; a tensor never
/// changes its storage's size. Mutation in place (optimiser steps, `copy(from:)`) is visible to
/// every tensor sharing the buffer, exactly as with PyTorch views.
public final class TensorStorage: @unchecked Sendable {
    /// Number of Float32 elements.
    public let count: Int
    /// The first element; valid for `count` elements while the storage lives.
    public let pointer: UnsafeMutablePointer<Float>

    /// The alignment of every buffer, in bytes.
    public static let alignment = 64

    /// Allocates `count` elements, all zero.
    public init(count: Int) {
        precondition(count >= 0, "TensorStorage: negative element count \(count)")
        self.count = count
        var raw: UnsafeMutableRawPointer?
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        let status = posix_memalign(&raw, Self.alignment, bytes)
        guard status == 0, let raw else {
            fatalError("TensorStorage: cannot allocate \(bytes) bytes (posix_memalign returned \(status))")
        }
        memset(raw, 0, bytes)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit { free(pointer) }

    /// The elements as a buffer pointer.
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
