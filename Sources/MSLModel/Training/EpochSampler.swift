import Tensor

/// Batches of training-slice indices as the authors' shuffled DataLoader gives them: each epoch is a
/// fresh permutation (Fisher–Yates from a seeded stream), cut into consecutive batches, the last one
/// partial when the slice count is not a multiple of the batch size.
///
/// The value is the sampler's whole state (with the generator's), so a checkpoint stores it as is.
struct EpochSampler: Codable, Equatable {
    /// The current epoch's order of slice indices.
    var order: [Int] = []
    /// The next position in `order`.
    var position = 0
    /// Completed and current epochs (1 after the first batch).
    var epoch = 0

    /// The next batch of at most `size` indices into a list of `count` slices (count ≥ 1).
    mutating func next(size: Int, count: Int, generator: inout SeededGenerator) -> [Int] {
        if position >= order.count || order.count != count {
            order = Array(0..<count)
            for i in stride(from: count - 1, to: 0, by: -1) {
                order.swapAt(i, generator.nextIndex(below: i + 1))
            }
            position = 0
            epoch += 1
        }
        let end = min(position + size, order.count)
        defer { position = end }
        return Array(order[position..<end])
    }
}
