/// The mean of the last `capacity` values (e.g. episode returns, for "mean return of the last
/// 100 episodes") in a fixed ring: `add` is O(1) amortized and never allocates after `init`.
///
/// The running sum is recomputed from the stored values each time the ring wraps, so rounding
/// error from repeated add/subtract cannot build up over a long run; that costs O(capacity)
/// once per `capacity` adds.
public struct RecentMean: Sendable {
    public let capacity: Int
    private var values: ContiguousArray<Double>
    private var next = 0
    private var sum = 0.0
    /// How many values are held: min(values added, capacity).
    public private(set) var count = 0

    public init(capacity: Int = 100) {
        precondition(capacity > 0, "RecentMean: capacity must be positive, got \(capacity)")
        self.capacity = capacity
        values = ContiguousArray(repeating: 0, count: capacity)
    }

    public mutating func add(_ value: Double) {
        if count == capacity { sum -= values[next] } else { count += 1 }
        values[next] = value
        sum += value
        next += 1
        if next == capacity {
            next = 0
            sum = values.reduce(0, +)
        }
    }

    /// Mean of the held values; nil before the first `add`.
    public var mean: Double? { count == 0 ? nil : sum / Double(count) }

    public mutating func removeAll() {
        count = 0
        next = 0
        sum = 0
    }
}
