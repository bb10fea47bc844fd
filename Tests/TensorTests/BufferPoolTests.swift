#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import Tensor

@Suite struct BufferPoolTests {
    @Test func reusesAFreedBlockOfTheSameSize() {
        let pool = BufferPool(capacityBytes: 1 << 30)
        let bytes = BufferPool.minimumBytes
        let first = pool.allocate(bytes: bytes)
        pool.release(first, bytes: bytes)
        let second = pool.allocate(bytes: bytes)
        #expect(second == first)
        #expect(pool.statistics == .init(hits: 1, misses: 1, cachedBytes: 0))
        let other = pool.allocate(bytes: bytes * 2)  // another size: a miss
        #expect(pool.statistics.misses == 2)
        pool.release(second, bytes: bytes)
        pool.release(other, bytes: bytes * 2)
        #expect(pool.statistics.cachedBytes == 3 * bytes)
        pool.drain()
        #expect(pool.statistics.cachedBytes == 0)
    }

    @Test func neverCachesBeyondItsCapacityOrSmallBlocks() {
        let pool = BufferPool(capacityBytes: BufferPool.minimumBytes)
        let a = pool.allocate(bytes: BufferPool.minimumBytes)
        let b = pool.allocate(bytes: BufferPool.minimumBytes)
        pool.release(a, bytes: BufferPool.minimumBytes)
        pool.release(b, bytes: BufferPool.minimumBytes)  // over capacity: freed
        #expect(pool.statistics.cachedBytes == BufferPool.minimumBytes)
        let small = pool.allocate(bytes: 1024)
        pool.release(small, bytes: 1024)
        #expect(pool.statistics.cachedBytes == BufferPool.minimumBytes)
        #expect(pool.statistics.hits + pool.statistics.misses == 2)  // small blocks are not counted
        pool.drain()
    }

    /// The engine's promise for inference: after one warm-up pass, the same network on the same
    /// shapes takes every large buffer from the pool. Runs in its own process so that no other
    /// test allocates meanwhile.
    @Test func inferenceAllocatesNothingNewAfterWarmUp() async {
        await #expect(processExitsWith: .success) {
            var generator = SeededGenerator(seed: 1)
            let conv = Conv2d(8, 16, kernelSize: 3, padding: 1, paddingMode: .reflect, generator: &generator)
            let norm = InstanceNorm2d(16)
            let x = Tensor.normal([2, 8, 64, 64], generator: &generator)
            func forward() { _ = withNoGrad { norm(conv(x)).relu() } }
            forward()
            let misses = BufferPool.shared.statistics.misses
            forward()
            forward()
            exit(BufferPool.shared.statistics.misses == misses ? 0 : 1)
        }
    }
}
