import DojoRandom

/// An epoch's worth of mini-batches: a permutation of 0..<count cut into consecutive slices of
/// `batchSize` (the last one may be shorter). Shuffled with the caller's generator, or in order.
public struct MiniBatches: Sequence, IteratorProtocol {
    public let batchSize: Int
    private let order: [Int]
    private var start = 0

    public init(count: Int, batchSize: Int, shuffle: Bool, using rng: inout SeededGenerator) {
        precondition(batchSize > 0, "MiniBatches: batch size must be positive, got \(batchSize)")
        precondition(count >= 0, "MiniBatches: negative count \(count)")
        var order = Array(0..<count)
        if shuffle { order.shuffle(using: &rng) }
        self.order = order
        self.batchSize = batchSize
    }

    /// The row indices of the next batch, or nil when the epoch is over.
    public mutating func next() -> ArraySlice<Int>? {
        guard start < order.count else { return nil }
        let end = Swift.min(start + batchSize, order.count)
        defer { start = end }
        return order[start..<end]
    }
}
