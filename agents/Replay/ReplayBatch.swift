import DojoNN

/// A minibatch of transitions, allocated once and refilled by every sample.
public struct ReplayBatch: Sendable {
    public let size: Int
    public let observationSize: Int
    /// size x observationSize
    public var observations: Matrix
    /// size x observationSize
    public var nextObservations: Matrix
    public var actions: [Int]
    public var rewards: [Float]
    public var discounts: [Float]
    /// The buffer slots sampled (for priority updates).
    public var indices: [Int]
    /// Importance-sampling weights (1 for uniform replay).
    public var weights: [Float]

    public init(size: Int, observationSize: Int) {
        precondition(size > 0, "ReplayBatch: size must be positive, got \(size)")
        self.size = size
        self.observationSize = observationSize
        observations = Matrix(rows: size, cols: observationSize)
        nextObservations = Matrix(rows: size, cols: observationSize)
        actions = Array(repeating: 0, count: size)
        rewards = Array(repeating: 0, count: size)
        discounts = Array(repeating: 0, count: size)
        indices = Array(repeating: 0, count: size)
        weights = Array(repeating: 1, count: size)
    }
}
