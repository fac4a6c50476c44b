import DojoNN
import DojoRandom

/// Learning: a training phase's gradient steps, scheduled on one thread, on two with
/// `Sequential` (target forward beside online forward, dW beside dX), or on two with the networks
/// split by hidden units (`PairedMLP`, `split_hidden_units`). With uniform replay the phase's
/// minibatches and target-network values are prepared up front (`PhaseMinibatches`).
extension DQN {
    /// One gradient step on a replayed minibatch; returns the (weighted) mean TD loss.
    /// `beta` is prioritized replay's importance exponent at this point of training.
    public mutating func gradientStep(beta: Double = 1) -> Float {
        learn(steps: 1, beta: beta)
    }

    /// `count` gradient steps in a row (a training phase: no transitions arrive in between, and
    /// the target network does not change); returns their mean loss. The same draws and updates
    /// as `count` calls of `gradientStep`. With uniform replay, and either the split networks or
    /// no worker, all the draws and the target network's values are prepared first
    /// (`PhaseMinibatches`), which changes only the float rounding of the targets. Otherwise, with
    /// a worker, each step's optimizer update runs beside the drawing of the next step's
    /// minibatch (which reads the priorities updated before), bit for bit as one at a time.
    public mutating func learn(steps count: Int, beta: Double = 1) -> Float {
        precondition(count > 0, "DQN.learn: need at least one step, got \(count)")
        let paired = pairedNetworks()
        if priorities == nil && (paired != nil || worker == nil) {
            return learn(planned: count, on: paired)
        }
        if let paired { return learn(steps: count, beta: beta, on: paired) }
        Self.sample(buffer, priorities, beta: beta, into: &batch, using: &rng)
        var total: Float = 0
        for step in 0..<count {
            forwardBoth()
            computeTargets()
            total += backpropagateLoss()
            updatePriorities()
            gradientStepCount += 1
            if step + 1 < count { updateBesideSampling(beta: beta) } else { optimizer.step(&online) }
        }
        return total / Float(count)
    }

    /// The networks split across two threads (see PairedMLP) when `split_hidden_units` asks for
    /// it and there is a worker and a plain three-layer ReLU network; nil otherwise.
    mutating func pairedNetworks() -> PairedMLP? {
        guard config.splitHiddenUnits, let worker, PairedMLP.supports(online) else { return nil }
        // A copy of this DQN shares the networks made before it was copied: the first copy to
        // learn makes its own, so copies may learn at the same time on different threads.
        if !isKnownUniquelyReferenced(&paired) {
            paired = PairedMLP(network: online, batch: config.batchSize, worker: worker)
        }
        return paired
    }

    /// `learn` with the phase's minibatches and targets prepared up front (see `PhaseMinibatches`),
    /// on the split networks or on one thread. (With a worker but no split, the target network's
    /// forward pass runs beside the online one's at each step, which is faster than both in turn.)
    /// Double DQN's a* comes from the online network at each step: on the split networks from a
    /// second pass in the same hand-off as the training pass.
    mutating func learn(planned count: Int, on paired: PairedMLP?) -> Float {
        phase.prepare(count: count, from: buffer, target: target, worker: worker, using: &rng)
        paired?.load(online: online, target: target, optimizer: optimizer)
        let maxNorm = Float(config.maxGradNorm)
        var total: Float = 0
        for step in 0..<count {
            phase.load(step: step, into: &batch, targets: &tdTargets)
            if let paired {
                if config.doubleQ {
                    paired.forward(observations: batch.observations, nextObservations: batch.nextObservations, with: .online)
                    phase.doubleTargets(step: step, onlineNext: paired.qNext, into: &tdTargets)
                } else {
                    paired.forward(observations: batch.observations)
                }
                total += fillLossGradient(from: paired.q)
                paired.adamStep(norm: paired.backward(lossGradient), maxNorm: maxNorm)
            } else {
                if config.doubleQ {
                    phase.doubleTargets(step: step, onlineNext: online.forward(batch.nextObservations), into: &tdTargets)
                }
                online.forward(batch.observations, training: true)
                total += backpropagateLoss()
                optimizer.step(&online)
            }
            gradientStepCount += 1
        }
        paired?.store(into: &online, optimizer: &optimizer)
        return total / Float(count)
    }

    /// `learn` on the split networks: the weights and Adam's state move in at the start and back
    /// out at the end, so between phases `online` and `optimizer` are as on one thread.
    mutating func learn(steps count: Int, beta: Double, on paired: PairedMLP) -> Float {
        paired.load(online: online, target: target, optimizer: optimizer)
        Self.sample(buffer, priorities, beta: beta, into: &batch, using: &rng)
        var total: Float = 0
        for step in 0..<count {
            if config.doubleQ {
                // a* from the online network's pass on s', valued by the target network's.
                paired.forward(observations: batch.observations, nextObservations: batch.nextObservations, with: .both)
                bestNextActions.withUnsafeMutableBufferPointer { Self.greedyActions(paired.qNextOnline, into: $0) }
            } else {
                paired.forward(observations: batch.observations, nextObservations: batch.nextObservations)
            }
            computeTargets(from: paired.qNext)
            total += fillLossGradient(from: paired.q)
            let norm = paired.backward(lossGradient)
            updatePriorities()
            gradientStepCount += 1
            if step + 1 == count {
                paired.adamStep(norm: norm, maxNorm: Float(config.maxGradNorm))
            } else {
                // The next minibatch is drawn on the worker during the update (it reads the
                // priorities updated above, and nothing the update writes).
                let buffer = self.buffer, priorities = self.priorities
                withUnsafeMutablePointer(to: &batch) { batch in
                    withUnsafeMutablePointer(to: &rng) { rng in
                        paired.adamStep(norm: norm, maxNorm: Float(config.maxGradNorm)) {
                            Self.sample(buffer, priorities, beta: beta, into: &batch.pointee, using: &rng.pointee)
                        }
                    }
                }
            }
        }
        paired.store(into: &online, optimizer: &optimizer)
        return total / Float(count)
    }

    /// Prioritized replay: the sampled transitions get their new TD errors as priorities.
    mutating func updatePriorities() {
        guard priorities != nil else { return }
        for i in 0..<batch.size { priorities!.update(slot: batch.indices[i], tdError: tdErrors[i]) }
    }

    /// Draws a minibatch: proportional to priority with prioritized replay, else uniformly.
    static func sample(_ buffer: ReplayBuffer, _ priorities: PriorityTree?, beta: Double,
                       into batch: inout ReplayBatch, using rng: inout SeededGenerator) {
        if let tree = priorities {
            tree.sample(count: buffer.count, beta: beta, into: &batch, using: &rng)
            buffer.gather(into: &batch)
        } else {
            buffer.sampleUniform(into: &batch, using: &rng)
        }
    }

    /// The optimizer update on this thread and the next minibatch on the worker. The two touch
    /// disjoint state (network and optimizer; batch, generator, read-only buffer and priorities).
    mutating func updateBesideSampling(beta: Double) {
        guard let worker else {
            optimizer.step(&online)
            Self.sample(buffer, priorities, beta: beta, into: &batch, using: &rng)
            return
        }
        let buffer = self.buffer, priorities = self.priorities
        withUnsafeMutablePointer(to: &optimizer) { optimizer in
            withUnsafeMutablePointer(to: &online) { online in
                withUnsafeMutablePointer(to: &batch) { batch in
                    withUnsafeMutablePointer(to: &rng) { rng in
                        worker.run({ optimizer.pointee.step(&online.pointee) }, alongside: {
                            Self.sample(buffer, priorities, beta: beta, into: &batch.pointee, using: &rng.pointee)
                        })
                    }
                }
            }
        }
    }
}
