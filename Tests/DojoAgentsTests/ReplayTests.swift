import DojoAgents
import DojoRandom
import Testing

@Suite("Replay buffer")
struct ReplayBufferTests {
    func add(_ buffer: inout ReplayBuffer, _ value: Float) {
        let obs: [Float] = [value, -value]
        let next: [Float] = [value + 0.5, -value - 0.5]
        obs.withUnsafeBufferPointer { o in
            next.withUnsafeBufferPointer { n in
                buffer.add(observation: o, action: Int(value) % 3, reward: value * 10, nextObservation: n, discount: 0.99)
            }
        }
    }

    @Test("a full ring overwrites its oldest slot and keeps its size")
    func ringOverwrite() {
        var buffer = ReplayBuffer(capacity: 3, observationSize: 2)
        for v in 0..<5 { add(&buffer, Float(v)) }
        #expect(buffer.count == 3)
        #expect(buffer.position == 2)
        // Slots now hold 3, 4, 2 (0 and 1 were overwritten).
        var batch = ReplayBatch(size: 3, observationSize: 2)
        batch.indices = [0, 1, 2]
        buffer.gather(into: &batch)
        #expect(batch.observations.storage == [3, -3, 4, -4, 2, -2])
        #expect(batch.nextObservations.storage == [3.5, -3.5, 4.5, -4.5, 2.5, -2.5])
        #expect(batch.rewards == [30, 40, 20])
        #expect(batch.actions == [0, 1, 2])
        #expect(batch.discounts == [0.99, 0.99, 0.99])
    }

    @Test("uniform sampling only draws filled slots and covers them evenly")
    func uniformSampling() {
        var buffer = ReplayBuffer(capacity: 100, observationSize: 2)
        for v in 0..<10 { add(&buffer, Float(v)) }
        var batch = ReplayBatch(size: 1000, observationSize: 2)
        var rng = SeededGenerator(seed: 1)
        buffer.sampleUniform(into: &batch, using: &rng)
        #expect(batch.indices.allSatisfy { $0 < 10 })
        var counts = [Int](repeating: 0, count: 10)
        for i in batch.indices { counts[i] += 1 }
        #expect(counts.allSatisfy { $0 > 60 && $0 < 140 })
        // The gathered rows match their slots.
        for row in 0..<batch.size {
            #expect(batch.observations[row, 0] == Float(batch.indices[row]))
        }
    }

    @Test("one million CartPole transitions fit in well under 100 MB")
    func memory() {
        let capacity = 1_000_000, features = 4
        let bytes = capacity * (2 * features + 3) * MemoryLayout<Float>.size
        #expect(bytes < 50_000_000)
        let buffer = ReplayBuffer(capacity: capacity, observationSize: features)
        #expect(buffer.capacity == capacity)
    }
}

@Suite("Prioritized replay")
struct PriorityTreeTests {
    @Test("draw frequencies follow p^alpha / sum p^alpha")
    func proportional() {
        var tree = PriorityTree(capacity: 4, alpha: 1, epsilon: 0)
        for (slot, p) in [1.0, 2.0, 3.0, 4.0].enumerated() { tree.update(slot: slot, tdError: Float(p)) }
        #expect(abs(tree.total - 10) < 1e-9)
        var counts = [Int](repeating: 0, count: 4)
        var rng = SeededGenerator(seed: 5)
        var batch = ReplayBatch(size: 100, observationSize: 1)
        for _ in 0..<200 {
            tree.sample(count: 4, beta: 0.5, into: &batch, using: &rng)
            for i in batch.indices { counts[i] += 1 }
        }
        let total = Double(counts.reduce(0, +))
        for (slot, p) in [0.1, 0.2, 0.3, 0.4].enumerated() {
            #expect(abs(Double(counts[slot]) / total - p) < 0.01, "slot \(slot)")
        }
    }

    @Test("importance weights are (N P(i))^-beta normalised by the largest")
    func weights() {
        var tree = PriorityTree(capacity: 2, alpha: 1, epsilon: 0)
        tree.update(slot: 0, tdError: 1)
        tree.update(slot: 1, tdError: 3)
        var rng = SeededGenerator(seed: 2)
        var batch = ReplayBatch(size: 2, observationSize: 1)
        tree.sample(count: 2, beta: 1, into: &batch, using: &rng)
        // P = [0.25, 0.75]; w ∝ 1/(2 P) = [2, 2/3]; normalised by 2: [1, 1/3].
        for (slot, w) in zip(batch.indices, batch.weights) {
            #expect(abs(w - (slot == 0 ? 1 : 1.0 / 3)) < 1e-6)
        }
    }

    @Test("alpha 0 makes every slot equally likely")
    func alphaZero() {
        var tree = PriorityTree(capacity: 3, alpha: 0)
        for (slot, p) in [0.1, 5.0, 100.0].enumerated() { tree.update(slot: slot, tdError: Float(p)) }
        #expect(abs(tree.weightedPriority(of: 0) - tree.weightedPriority(of: 2)) < 1e-12)
    }

    @Test("new slots get the largest priority seen")
    func newSlotsMax() {
        var tree = PriorityTree(capacity: 4, alpha: 1, epsilon: 0)
        tree.update(slot: 0, tdError: 7)
        tree.insert(slot: 1)
        #expect(tree.weightedPriority(of: 1) == Double(Float(7)))
    }
}
