#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A cache of large freed tensor buffers, keyed by exact byte size, so that a network run again
/// on the same shapes reuses its buffers instead of asking the kernel for fresh pages.
///
/// Why: glibc serves large blocks with mmap and returns them with munmap, so every forward pass
/// paid a page fault per 4 KiB of every activation (a 38 MB convolution output cost 19 ms to
/// allocate, a fifth of the layer). Blocks of a page or more are pooled: from 128 KiB glibc
/// also maps blocks itself, and below that it trims its heap top, so with a 256 KiB floor the
/// kernel still spent 15 % of a compact training iteration clearing fresh pages (7 % with this
/// floor, `perf`). Smaller buffers go to malloc. The pool holds at most `capacityBytes`; beyond
/// that, freed buffers are released to the system.
final class BufferPool: Sendable {
    static let shared = BufferPool()

    /// Buffers smaller than this (one page) are not pooled.
    static let minimumBytes = 4 << 10

    struct Statistics: Equatable, Sendable {
        /// Pooled-size allocations served from the cache.
        var hits = 0
        /// Pooled-size allocations that had to ask the system.
        var misses = 0
        /// Bytes currently cached.
        var cachedBytes = 0
    }

    private struct State: ~Copyable {
        /// Cached blocks by size, as addresses (raw pointers are not Sendable across the lock).
        var free: [Int: [UInt]] = [:]
        var statistics = Statistics()
        var capacityBytes: Int
    }

    private let state: Mutex<State>

    init(capacityBytes: Int = 4 << 30) {
        state = Mutex(State(capacityBytes: capacityBytes))
    }

    var statistics: Statistics { state.withLock { $0.statistics } }

    var capacityBytes: Int {
        get { state.withLock { $0.capacityBytes } }
        set { state.withLock { $0.capacityBytes = newValue } }
    }

    /// A 64-byte aligned block of `bytes` bytes, uninitialised.
    func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        if bytes >= Self.minimumBytes {
            let cached: UInt? = state.withLock { state in
                if let block = state.free[bytes]?.popLast() {
                    state.statistics.hits += 1
                    state.statistics.cachedBytes -= bytes
                    return block
                }
                state.statistics.misses += 1
                return nil
            }
            if let cached { return UnsafeMutableRawPointer(bitPattern: cached)! }
        }
        var raw: UnsafeMutableRawPointer?
        let status = posix_memalign(&raw, TensorStorage.alignment, bytes)
        guard status == 0, let raw else {
            fatalError("TensorStorage: cannot allocate \(bytes) bytes (posix_memalign returned \(status))")
        }
        return raw
    }

    /// Takes back a block from `allocate(bytes:)`.
    func release(_ block: UnsafeMutableRawPointer, bytes: Int) {
        let address = UInt(bitPattern: block)
        let kept = bytes >= Self.minimumBytes && state.withLock { state in
            guard state.statistics.cachedBytes + bytes <= state.capacityBytes else { return false }
            state.free[bytes, default: []].append(address)
            state.statistics.cachedBytes += bytes
            return true
        }
        if !kept { free(block) }
    }

    /// Releases every cached block to the system.
    func drain() {
        let blocks = state.withLock { state in
            defer {
                state.free = [:]
                state.statistics.cachedBytes = 0
            }
            return state.free.values.flatMap { $0 }
        }
        for block in blocks { free(UnsafeMutableRawPointer(bitPattern: block)) }
    }
}
