@testable import DojoAgents
import DojoNN
import DojoRandom
import Testing
import TestSupport

@Suite("A phase's minibatches drawn up front")
struct PhaseMinibatchesTests {
    let batchSize = 8, count = 40   // 320 rows: two target passes, one per thread

    /// 50 random transitions on 3 features; every fifth one terminated (discount 0).
    func filledBuffer() -> ReplayBuffer {
        var buffer = ReplayBuffer(capacity: 100, observationSize: 3)
        var rng = SeededGenerator(seed: 7)
        for i in 0..<50 {
            let s = (0..<3).map { _ in rng.nextUnitFloat() * 2 - 1 }, next = (0..<3).map { _ in rng.nextUnitFloat() * 2 - 1 }
            s.withUnsafeBufferPointer { o in
                next.withUnsafeBufferPointer { n in
                    _ = buffer.add(observation: o, action: i % 2, reward: rng.nextUnitFloat(), nextObservation: n,
                                   discount: i % 5 == 0 ? 0 : 0.99)
                }
            }
        }
        return buffer
    }

    /// ReLU networks take the kernel's path (TransposedInference), others Sequential's.
    func targetNetwork(_ activation: Activation = .relu) -> Sequential {
        var rng = SeededGenerator(seed: 3)
        return Sequential.mlp(sizes: [3, 32, 32, 2], activation: activation, using: &rng)
    }

    @Test("the same draws as one minibatch at a time, and y = R + d · max Q⁻(s') for each",
          arguments: [Activation.relu, .tanh])
    func sameDrawsAndTargets(activation: Activation) {
        let buffer = filledBuffer()
        var target = targetNetwork(activation)
        var phase = PhaseMinibatches(batchSize: batchSize, observationSize: 3)
        var upFront = SeededGenerator(seed: 11), oneAtATime = upFront
        phase.prepare(count: count, from: buffer, target: target, worker: nil, using: &upFront)
        #expect(phase.steps == count)

        var loaded = ReplayBatch(size: batchSize, observationSize: 3), drawn = loaded
        var targets = [Float](repeating: 0, count: batchSize)
        for step in 0..<count {
            buffer.sampleUniform(into: &drawn, using: &oneAtATime)
            phase.load(step: step, into: &loaded, targets: &targets)
            #expect(loaded.indices == drawn.indices)
            #expect(loaded.observations == drawn.observations && loaded.nextObservations == drawn.nextObservations)
            #expect(loaded.actions == drawn.actions && loaded.rewards == drawn.rewards)
            #expect(loaded.discounts == drawn.discounts && loaded.weights == drawn.weights)
            let q = target.forward(drawn.nextObservations)
            for i in 0..<batchSize {
                let expected = drawn.rewards[i] + drawn.discounts[i] * max(q.storage[2 * i], q.storage[2 * i + 1])
                #expect(isApproximatelyEqual(targets[i], expected), "step \(step), row \(i)")
            }
        }
        #expect(upFront.next() == oneAtATime.next())
    }

    @Test("Double DQN: y = R + d · Q⁻(s', a*) with a* the argmax of the online values given for the step")
    func doubleTargets() {
        let buffer = filledBuffer()
        var target = targetNetwork()
        var rng = SeededGenerator(seed: 9)
        var online = Sequential.mlp(sizes: [3, 32, 32, 2], activation: .relu, using: &rng)
        var phase = PhaseMinibatches(batchSize: batchSize, observationSize: 3)
        var draws = SeededGenerator(seed: 13)
        phase.prepare(count: count, from: buffer, target: target, worker: PairedWorker(), using: &draws)
        var batch = ReplayBatch(size: batchSize, observationSize: 3)
        var targets = [Float](repeating: 0, count: batchSize)
        var notTheMax = 0
        for step in 0..<count {
            phase.load(step: step, into: &batch, targets: &targets)
            let onlineNext = online.forward(batch.nextObservations)
            phase.doubleTargets(step: step, onlineNext: onlineNext, into: &targets)
            let q = target.forward(batch.nextObservations)
            for i in 0..<batchSize {
                let chosen = onlineNext[i, 1] > onlineNext[i, 0] ? 1 : 0
                let expected = batch.rewards[i] + batch.discounts[i] * q[i, chosen]
                #expect(isApproximatelyEqual(targets[i], expected), "step \(step), row \(i)")
                if batch.discounts[i] > 0 && q[i, chosen] < max(q[i, 0], q[i, 1]) { notTheMax += 1 }
            }
        }
        #expect(notTheMax > 0, "the online network never disagreed with the target's argmax: the test shows nothing")
    }

    @Test("the worker changes which thread runs a pass, not a bit of the targets")
    func workerGivesSameTargets() {
        let buffer = filledBuffer(), target = targetNetwork()
        var alone = PhaseMinibatches(batchSize: batchSize, observationSize: 3), paired = alone
        var rngA = SeededGenerator(seed: 5), rngB = rngA
        alone.prepare(count: count, from: buffer, target: target, worker: nil, using: &rngA)
        paired.prepare(count: count, from: buffer, target: target, worker: PairedWorker(), using: &rngB)
        var batchA = ReplayBatch(size: batchSize, observationSize: 3), batchB = batchA
        var targetsA = [Float](repeating: 0, count: batchSize), targetsB = targetsA
        for step in 0..<count {
            alone.load(step: step, into: &batchA, targets: &targetsA)
            paired.load(step: step, into: &batchB, targets: &targetsB)
            #expect(targetsA == targetsB, "step \(step)")
        }
    }

    @Test("a second phase uses the target network it is given, not a copy kept from the first")
    func targetsFollowTheTargetNetwork() {
        let buffer = filledBuffer()
        var target = targetNetwork()
        var phase = PhaseMinibatches(batchSize: batchSize, observationSize: 3)
        var rng = SeededGenerator(seed: 5)
        phase.prepare(count: 2, from: buffer, target: target, worker: nil, using: &rng)
        target.withParameter(at: target.parameterTensorCount - 1) { bias, _ in bias.fill(100) }
        phase.prepare(count: 2, from: buffer, target: target, worker: PairedWorker(), using: &rng)
        var batch = ReplayBatch(size: batchSize, observationSize: 3)
        var targets = [Float](repeating: 0, count: batchSize)
        phase.load(step: 1, into: &batch, targets: &targets)
        let q = target.forward(batch.nextObservations)
        for i in 0..<batchSize {
            let expected = batch.rewards[i] + batch.discounts[i] * max(q.storage[2 * i], q.storage[2 * i + 1])
            #expect(isApproximatelyEqual(targets[i], expected))
        }
        #expect(batch.discounts.contains { $0 > 0 }, "some rows bootstrap")
    }
}
