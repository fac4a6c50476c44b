import DojoNN
import DojoRandom

/// Deep Q-learning (Mnih et al., "Human-level control through deep reinforcement learning",
/// Nature 2015): an online network Q_θ fitted to targets from a slowly updated copy Q_θ⁻ on
/// transitions replayed from a buffer.
///
/// For a replayed transition (s, a, R, s', d) — R and d as stored by `NStepAccumulator`, d = 0
/// when the episode terminated — the target is
///
///     y = R + d · max_a' Q_θ⁻(s', a')                       (DQN)
///     y = R + d · Q_θ⁻(s', argmax_a' Q_θ(s', a'))            (Double DQN, van Hasselt et al. 2016)
///
/// and one gradient step minimises mean_i w_i · ℓ(Q_θ(s_i, a_i) − y_i), with ℓ the Huber
/// (δ = 1) or squared loss and w_i the importance weights of prioritized replay (1 otherwise).
/// Gradients are clipped to a global norm, then Adam updates θ.
///
/// This type holds the learner's state and its two operations (act, learn); the environment loop
/// is `DQNTrainer`.
public struct DQN {
    public let config: DQNConfig
    public let observationSize: Int
    public let actionCount: Int
    /// The network being trained. Changed only by learning and by restoring a checkpoint (both
    /// known to `acting`); a different network is a new DQN.
    public internal(set) var online: Sequential
    public var target: Sequential
    public var optimizer: Adam
    public var buffer: ReplayBuffer
    /// Present when `config.prioritizedReplay`.
    public var priorities: PriorityTree?
    public var rng: SeededGenerator
    /// Gradient steps taken so far.
    public internal(set) var gradientStepCount = 0

    // Buffers reused by every step, so learning allocates nothing once warm.
    var batch: ReplayBatch
    var lossGradient: Matrix
    var tdTargets: [Float]
    var tdErrors: [Float]
    var bestNextActions: [Int]
    var actingInput: Matrix
    /// A second thread for large networks (nil: one thread; the same results either way): the
    /// target network's forward pass runs on it beside the online network's (see `forwardBoth`),
    /// and the online network's big layers compute dW on it beside dX. A copy of a `DQN` shares
    /// it; copies stepping at the same time on different threads simply run serially (the worker
    /// is not reentrant and falls back to the caller). The buffers a phase works in are not
    /// shared: a copy makes its own when it first learns (`pairedNetworks`, `PhaseMinibatches`).
    var worker: PairedWorker? {
        didSet {
            online.worker = worker
            paired = nil
        }
    }
    /// The networks on two threads, made at the first training phase that can use them.
    var paired: PairedMLP?
    /// The online network's weights for one-observation passes (`SingleInference`; nil where it does
    /// not apply), and the gradient step they were loaded at: learning changes `gradientStepCount`,
    /// and whatever else changes `online` sets this to nil.
    var acting: SingleInference?
    var actingLoadedAt: Int?
    /// A phase's minibatches and targets, when they can be drawn and computed up front.
    var phase: PhaseMinibatches

    public init(config: DQNConfig, observationSize: Int, actionCount: Int) {
        precondition(observationSize > 0 && actionCount > 0, "DQN: need observations and actions")
        self.config = config
        self.observationSize = observationSize
        self.actionCount = actionCount
        rng = SeededGenerator(seed: config.seed)
        var initRNG = rng.split()
        online = QNetwork.make(config: config, observationSize: observationSize, actionCount: actionCount, using: &initRNG)
        target = online
        optimizer = Adam(learningRate: Float(config.learningRate))
        if online.parameterCount >= PairedWorker.worthwhileParameterCount {
            worker = PairedWorker()
            online.worker = worker
        }
        buffer = ReplayBuffer(capacity: config.bufferSize, observationSize: observationSize)
        priorities = config.prioritizedReplay
            ? PriorityTree(capacity: config.bufferSize, alpha: config.priorityAlpha, epsilon: config.priorityEpsilon)
            : nil
        batch = ReplayBatch(size: config.batchSize, observationSize: observationSize)
        phase = PhaseMinibatches(batchSize: config.batchSize, observationSize: observationSize)
        lossGradient = Matrix(rows: config.batchSize, cols: actionCount)
        tdTargets = Array(repeating: 0, count: config.batchSize)
        tdErrors = Array(repeating: 0, count: config.batchSize)
        bestNextActions = Array(repeating: 0, count: config.batchSize)
        actingInput = Matrix(rows: 1, cols: observationSize)
    }

    // MARK: Acting

    /// argmax_a Q_θ(s, a) for one observation's features (ties go to the lowest index).
    public mutating func greedyAction(_ features: UnsafeBufferPointer<Float>) -> Int {
        precondition(features.count == observationSize, "DQN: expected \(observationSize) features, got \(features.count)")
        // A copy of this DQN shares the weights loaded before: the first copy to act loads its own.
        // (Where SingleInference does not apply, `acting` stays nil and is not asked for again
        // until the network changes.)
        let shared = acting != nil && !isKnownUniquelyReferenced(&acting)
        if actingLoadedAt != gradientStepCount || shared {
            if let acting, !shared { acting.load(online) } else { acting = SingleInference(online) }
            actingLoadedAt = gradientStepCount
        }
        if let acting { return acting.argmax(features.baseAddress!) }
        actingInput.storage.withUnsafeMutableBufferPointer { dst in
            for i in 0..<observationSize { dst[i] = features[i] }
        }
        return Self.argmaxRows(online.forward(actingInput), row: 0)
    }

    /// ε-greedy: a uniformly random action with probability ε, else the greedy one.
    public mutating func act(_ features: UnsafeBufferPointer<Float>, epsilon: Double) -> Int {
        if rng.nextUnitDouble() < epsilon { return rng.nextIndex(below: actionCount) }
        return greedyAction(features)
    }

    // MARK: Storing

    /// Stores one (possibly n-step) transition; prioritized replay gives it the largest priority.
    public mutating func store(observation: UnsafeBufferPointer<Float>, action: Int, reward: Float,
                               nextObservation: UnsafeBufferPointer<Float>, discount: Float) {
        let slot = buffer.add(observation: observation, action: action, reward: reward,
                              nextObservation: nextObservation, discount: discount)
        priorities?.insert(slot: slot)
    }

    // MARK: One gradient step's parts (the schedules that run them: DQN+Learning.swift)

    /// The three forward passes of a gradient step, the target network's on a second thread:
    /// Q_θ(s) (training mode, kept for backward), Q_θ⁻(s'), and for Double DQN argmax_a Q_θ(s', a)
    /// first. The target network does not depend on the online one, so running it alongside
    /// changes no result; it takes about a sixth of a step off the critical path.
    mutating func forwardBoth() {
        let observations = batch.observations, next = batch.nextObservations
        let double = config.doubleQ
        let worker = self.worker
        withUnsafeMutablePointer(to: &online) { online in
            withUnsafeMutablePointer(to: &target) { target in
                bestNextActions.withUnsafeMutableBufferPointer { best in
                    func onlinePasses() {
                        if double { Self.greedyActions(online.pointee.forward(next), into: best) }
                        _ = online.pointee.forward(observations, training: true)
                    }
                    func targetPass() { _ = target.pointee.forward(next) }
                    if let worker { worker.run(onlinePasses, alongside: targetPass) } else { onlinePasses(); targetPass() }
                }
            }
        }
    }

    /// y_i = R_i + d_i · Q⁻(s'_i, a*_i), with a* from the target (DQN) or online (Double DQN) net;
    /// reads the target network's output of `forwardBoth`.
    mutating func computeTargets() { computeTargets(from: target.output) }

    mutating func computeTargets(from qTarget: Matrix) {
        for i in 0..<batch.size {
            let next = config.doubleQ ? bestNextActions[i] : Self.argmaxRows(qTarget, row: i)
            let bootstrap = qTarget.storage[i * actionCount + next]
            tdTargets[i] = batch.rewards[i] + batch.discounts[i] * bootstrap
        }
    }

    static func greedyActions(_ q: Matrix, into best: UnsafeMutableBufferPointer<Int>) {
        for i in 0..<q.rows { best[i] = argmaxRows(q, row: i) }
    }

    /// Loss on the taken actions only (from the online output of `forwardBoth`), backward, clip, Adam.
    mutating func fitOnlineToTargets() -> Float {
        actingLoadedAt = nil
        let loss = backpropagateLoss()
        optimizer.step(&online)
        return loss
    }

    /// The loss on the taken actions (from the online output of `forwardBoth`), its backward
    /// pass and gradient clipping; the optimizer step is the caller's.
    mutating func backpropagateLoss() -> Float {
        let loss = fillLossGradient(from: online.output)
        online.backward(lossGradient)
        online.clipGradients(maxNorm: Float(config.maxGradNorm))
        return loss
    }

    /// The (weighted) mean loss on the taken actions of `q`, with dL/dQ into `lossGradient` (zero
    /// for the actions not taken) and the TD errors into `tdErrors`.
    mutating func fillLossGradient(from q: Matrix) -> Float {
        let n = Float(batch.size)
        var loss: Float = 0
        lossGradient.fill(0)
        for i in 0..<batch.size {
            let a = batch.actions[i]
            let error = q.storage[i * actionCount + a] - tdTargets[i]
            tdErrors[i] = error
            let w = batch.weights[i]
            switch config.loss {
            case .huber:
                let absError = abs(error)
                loss += w * (absError <= 1 ? 0.5 * error * error : absError - 0.5)
                lossGradient.storage[i * actionCount + a] = w * max(-1, min(1, error)) / n
            case .mse:
                loss += w * error * error
                lossGradient.storage[i * actionCount + a] = w * 2 * error / n
            }
        }
        return loss / n
    }

    /// θ⁻ ← τ θ + (1 − τ) θ⁻ (τ = 1: a hard copy).
    public mutating func updateTarget() {
        if config.tau >= 1 {
            target.copyParameters(from: online)
        } else {
            target.softUpdate(from: online, tau: Float(config.tau))
        }
    }

    /// True when every weight of the online network is finite.
    public var weightsAreFinite: Bool {
        online.parameters.allSatisfy { $0.storage.allSatisfy(\.isFinite) }
    }

    static func argmaxRows(_ m: Matrix, row: Int) -> Int {
        var best = 0
        var bestValue = -Float.infinity
        for j in 0..<m.cols {
            let v = m.storage[row * m.cols + j]
            if v > bestValue { bestValue = v; best = j }
        }
        return best
    }
}
