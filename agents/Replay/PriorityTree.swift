import DojoRandom

/// Priorities for proportional prioritized replay (Schaul et al., "Prioritized Experience Replay",
/// ICLR 2016): slot i is drawn with probability P(i) = p_i^α / Σ_k p_k^α.
///
/// A sum tree and a min tree over the slots give O(log n) updates, O(log n) draws, and the
/// smallest probability for normalising importance weights. Sums are kept in Double so a long
/// run of updates does not drift. New transitions get the largest priority seen so far, so each
/// is replayed at least once with high probability.
///
/// The tree is a pure function of the raw (Float) priorities of its slots, so saving those and
/// re-inserting them restores it bit for bit (this is what makes resumed runs exact).
public struct PriorityTree: Sendable {
    public let capacity: Int
    /// The exponent α applied to raw priorities (0: uniform, 1: fully proportional).
    public let alpha: Double
    /// Added to |δ| so no transition's probability becomes zero.
    public let epsilon: Double
    /// The largest raw priority (before α) seen, given to new transitions.
    public private(set) var maxPriority: Float = 1
    /// Raw priority p_i = |δ_i| + ε of each slot (0 for a slot never written).
    public private(set) var rawPriorities: [Float]

    private let leaves: Int
    private var sums: [Double]
    private var mins: [Double]

    public init(capacity: Int, alpha: Double, epsilon: Double = 1e-6) {
        precondition(capacity > 0, "PriorityTree: capacity must be positive")
        precondition(alpha >= 0, "PriorityTree: alpha must be >= 0")
        self.capacity = capacity
        self.alpha = alpha
        self.epsilon = epsilon
        var leaves = 1
        while leaves < capacity { leaves *= 2 }
        self.leaves = leaves
        rawPriorities = Array(repeating: 0, count: capacity)
        sums = Array(repeating: 0, count: 2 * leaves)
        mins = Array(repeating: .infinity, count: 2 * leaves)
    }

    /// Σ p_i^α over all slots.
    public var total: Double { sums[1] }
    /// min p_i^α over filled slots (+∞ when empty).
    public var minimum: Double { mins[1] }

    /// p_i^α of a slot.
    public func weightedPriority(of slot: Int) -> Double { sums[leaves + slot] }

    /// Gives a newly written slot the largest priority seen so far.
    public mutating func insert(slot: Int) {
        set(slot: slot, rawPriority: maxPriority)
    }

    /// Sets a slot's priority from its TD error: p = |δ| + ε.
    public mutating func update(slot: Int, tdError: Float) {
        let p = abs(tdError) + Float(epsilon)
        maxPriority = max(maxPriority, p)
        set(slot: slot, rawPriority: p)
    }

    /// Rebuilds a tree from saved raw priorities (slots with priority 0 stay empty).
    public init(capacity: Int, alpha: Double, epsilon: Double, rawPriorities: [Float], maxPriority: Float) {
        precondition(rawPriorities.count == capacity, "PriorityTree: \(rawPriorities.count) priorities for capacity \(capacity)")
        self.init(capacity: capacity, alpha: alpha, epsilon: epsilon)
        for (slot, p) in rawPriorities.enumerated() where p > 0 { set(slot: slot, rawPriority: p) }
        self.maxPriority = maxPriority
    }

    private mutating func set(slot: Int, rawPriority p: Float) {
        precondition(slot >= 0 && slot < capacity, "PriorityTree: slot \(slot) outside 0..<\(capacity)")
        rawPriorities[slot] = p
        var node = leaves + slot
        let value = alpha == 1 ? Double(p) : _pow(Double(p), alpha)
        sums[node] = value
        mins[node] = value
        node /= 2
        while node >= 1 {
            sums[node] = sums[2 * node] + sums[2 * node + 1]
            mins[node] = min(mins[2 * node], mins[2 * node + 1])
            node /= 2
        }
    }

    /// The slot whose cumulative-priority interval contains `mass` in [0, total).
    public func find(mass: Double) -> Int {
        var node = 1
        var remaining = mass
        while node < leaves {
            let left = 2 * node
            if remaining < sums[left] || sums[left + 1] == 0 {
                node = left
            } else {
                remaining -= sums[left]
                node = left + 1
            }
        }
        return node - leaves
    }

    /// Draws `batch.size` slots, one from each of `size` equal segments of the total mass
    /// (stratified, as in the paper), among the first `count` slots, and writes importance weights
    /// w_i = (N · P(i))^-β / max_j w_j, where max_j w_j comes from the smallest priority.
    public func sample(count: Int, beta: Double, into batch: inout ReplayBatch, using rng: inout SeededGenerator) {
        precondition(count > 0 && total > 0, "PriorityTree: cannot sample from an empty buffer")
        let segment = total / Double(batch.size)
        let n = Double(count)
        let maxWeight = _pow(n * minimum / total, -beta)
        for i in 0..<batch.size {
            let mass = min((Double(i) + rng.nextUnitDouble()) * segment, total.nextDown)
            let slot = min(find(mass: mass), count - 1)
            batch.indices[i] = slot
            let probability = sums[leaves + slot] / total
            batch.weights[i] = Float(_pow(n * probability, -beta) / maxWeight)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
