import Dispatch

/// `transform` applied to every element on `threads` threads, results in input order. Each
/// thread takes a fixed stripe of indices and writes only its own slots, so no locking is needed.
public func parallelMap<Element: Sendable, Output>(
    _ elements: [Element], threads: Int, _ transform: @Sendable (Element) -> Output
) -> [Output] {
    let slots = UnsafeMutableBufferPointer<Output?>.allocate(capacity: elements.count)
    slots.initialize(repeating: nil)
    defer {
        slots.deinitialize()
        slots.deallocate()
    }
    let shared = SlotPointer(slots)
    let workers = min(max(1, threads), max(1, elements.count))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for index in stride(from: worker, to: elements.count, by: workers) {
            shared.buffer[index] = transform(elements[index])
        }
    }
    return slots.map { $0! }
}

/// The result slots, shared across the workers (each writes disjoint indices).
private final class SlotPointer<Output>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Output?>
    init(_ buffer: UnsafeMutableBufferPointer<Output?>) { self.buffer = buffer }
}
