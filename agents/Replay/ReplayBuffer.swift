import DojoRandom

/// A fixed-capacity ring of transitions, stored struct-of-arrays in contiguous Float32.
///
/// Each slot holds (s, a, R, s', d): the observation's features, the action index, the (possibly
/// n-step) return R, the next observation's features, and the bootstrap discount d, which is
/// γ^k for a transition that may continue (k rewards were summed into R) and 0 when the episode
/// terminated inside it. The TD target is then uniformly `R + d · V(s')`, and a time-limit
/// truncation simply keeps d = γ^k: the cut does not end the MDP.
///
/// When full, the oldest slot is overwritten (O(1); nothing moves). Memory is
/// `capacity · (2 · features + 3) · 4` bytes: 1M CartPole transitions take 44 MB.
public struct ReplayBuffer: Sendable {
    public let capacity: Int
    public let observationSize: Int
    /// Transitions stored, at most `capacity`.
    public internal(set) var count = 0
    /// The slot the next `add` writes.
    public internal(set) var position = 0

    var observations: [Float]
    var nextObservations: [Float]
    var actions: [Int32]
    var rewards: [Float]
    var discounts: [Float]

    public init(capacity: Int, observationSize: Int) {
        precondition(capacity > 0, "ReplayBuffer: capacity must be positive, got \(capacity)")
        precondition(observationSize > 0, "ReplayBuffer: observationSize must be positive, got \(observationSize)")
        self.capacity = capacity
        self.observationSize = observationSize
        observations = Array(repeating: 0, count: capacity * observationSize)
        nextObservations = Array(repeating: 0, count: capacity * observationSize)
        actions = Array(repeating: 0, count: capacity)
        rewards = Array(repeating: 0, count: capacity)
        discounts = Array(repeating: 0, count: capacity)
    }

    /// Stores one transition and returns the slot it went to.
    @discardableResult
    public mutating func add(observation: UnsafeBufferPointer<Float>, action: Int, reward: Float,
                             nextObservation: UnsafeBufferPointer<Float>, discount: Float) -> Int {
        precondition(observation.count == observationSize && nextObservation.count == observationSize,
                     "ReplayBuffer.add: observations must have \(observationSize) features")
        let slot = position
        let base = slot * observationSize
        observations.withUnsafeMutableBufferPointer { dst in
            for i in 0..<observationSize { dst[base + i] = observation[i] }
        }
        nextObservations.withUnsafeMutableBufferPointer { dst in
            for i in 0..<observationSize { dst[base + i] = nextObservation[i] }
        }
        actions[slot] = Int32(action)
        rewards[slot] = reward
        discounts[slot] = discount
        position = (position + 1) % capacity
        count = min(count + 1, capacity)
        return slot
    }

    /// Fills `batch` with `batch.size` slots drawn uniformly with replacement (as
    /// Stable-Baselines3's buffer does). Importance weights are all 1.
    public func sampleUniform(into batch: inout ReplayBatch, using rng: inout SeededGenerator) {
        precondition(count > 0, "ReplayBuffer: cannot sample from an empty buffer")
        for i in 0..<batch.size { batch.indices[i] = rng.nextIndex(below: count) }
        for i in 0..<batch.size { batch.weights[i] = 1 }
        gather(into: &batch)
    }

    /// Copies the slots named in `batch.indices` into the batch's arrays.
    public func gather(into batch: inout ReplayBatch) {
        precondition(batch.observationSize == observationSize, "ReplayBuffer.gather: batch has the wrong observation size")
        let n = observationSize
        observations.withUnsafeBufferPointer { src in
            batch.observations.storage.withUnsafeMutableBufferPointer { dst in
                for (row, slot) in batch.indices.enumerated() {
                    for j in 0..<n { dst[row * n + j] = src[slot * n + j] }
                }
            }
        }
        nextObservations.withUnsafeBufferPointer { src in
            batch.nextObservations.storage.withUnsafeMutableBufferPointer { dst in
                for (row, slot) in batch.indices.enumerated() {
                    for j in 0..<n { dst[row * n + j] = src[slot * n + j] }
                }
            }
        }
        for (row, slot) in batch.indices.enumerated() {
            batch.actions[row] = Int(actions[slot])
            batch.rewards[row] = rewards[slot]
            batch.discounts[row] = discounts[slot]
        }
    }
}
