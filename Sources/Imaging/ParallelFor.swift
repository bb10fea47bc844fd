import Foundation

/// A value moved into a `@Sendable` closure on the caller's word that concurrent uses touch
/// disjoint parts of it (an output buffer written row by row). Keep its scope to one parallel loop.
public struct UnsafeSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}

/// Runs `body` over `0..<count` split into contiguous chunks on `DispatchQueue.concurrentPerform`.
///
/// Chunks hold at least `minimumChunk` items and there are at most 4 per active core, so small jobs
/// run inline and big ones balance; `body` must only write state no other chunk touches.
public func parallelFor(_ count: Int, minimumChunk: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let maximumChunks = 4 * ProcessInfo.processInfo.activeProcessorCount
    let chunks = max(1, min(maximumChunks, count / max(1, minimumChunk)))
    if chunks == 1 {
        body(0..<count)
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        body(count * chunk / chunks..<count * (chunk + 1) / chunks)
    }
}
