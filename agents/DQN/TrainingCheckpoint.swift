import DojoNN
import DojoRandom

/// Everything needed to continue a DQN run exactly where it stopped, as named tensors plus string
/// metadata (saved as one safetensors file): both networks, Adam's moments, the replay buffer and
/// its priorities, the generator and the counters. Taken only at episode boundaries, where the
/// environment's state is fully determined by the next reset seed the generator will draw.
public struct TrainingCheckpoint: Sendable {
    public var tensors: [String: Matrix]
    public var metadata: [String: String]

    public init(tensors: [String: Matrix] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}

public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case malformed(String, value: String)
    case mismatch(String)

    public var description: String {
        switch self {
        case .missing(let key): return "checkpoint is missing '\(key)'"
        case .malformed(let key, let value): return "checkpoint entry '\(key)' has a bad value '\(value)'"
        case .mismatch(let what): return "checkpoint does not match this run: \(what)"
        }
    }
}

extension DQNTrainer {
    /// The trainer's state. Precondition: `run` has returned, so the trainer is at an episode
    /// boundary or has finished (a finished run's partial last episode is not continued).
    public func checkpoint() -> TrainingCheckpoint {
        precondition(needsReset || step == 0 || isFinished, "DQNTrainer.checkpoint: only at an episode boundary")
        var c = TrainingCheckpoint()
        agent.online.export(prefix: "online.", into: &c.tensors)
        agent.target.export(prefix: "target.", into: &c.tensors)
        for (name, m) in agent.optimizer.state { c.tensors["optimizer.\(name)"] = m }
        let b = agent.buffer
        let n = b.observationSize
        c.tensors["replay.observations"] = Matrix(rows: b.capacity, cols: n, b.observations)
        c.tensors["replay.next_observations"] = Matrix(rows: b.capacity, cols: n, b.nextObservations)
        c.tensors["replay.actions"] = Matrix(rows: b.capacity, cols: 1, b.actions.map(Float.init))
        c.tensors["replay.rewards"] = Matrix(rows: b.capacity, cols: 1, b.rewards)
        c.tensors["replay.discounts"] = Matrix(rows: b.capacity, cols: 1, b.discounts)
        if let tree = agent.priorities {
            c.tensors["replay.priorities"] = Matrix(rows: b.capacity, cols: 1, tree.rawPriorities)
            c.metadata["replay.max_priority"] = "\(tree.maxPriority.bitPattern)"
        }
        c.metadata["replay.count"] = "\(b.count)"
        c.metadata["replay.position"] = "\(b.position)"
        c.metadata["rng"] = agent.rng.stateWords.map(String.init).joined(separator: ",")
        c.metadata["step"] = "\(step)"
        c.metadata["episode"] = "\(episode)"
        c.metadata["gradient_steps_done"] = "\(agent.gradientStepCount)"
        c.metadata["last_loss"] = lastLoss.map { "\($0.bitPattern)" } ?? ""
        c.metadata["last_evaluated_step"] = "\(lastEvaluatedStep)"
        if let best {
            best.network.export(prefix: "best.", into: &c.tensors)
            c.metadata["best_mean_return"] = "\(best.meanReturn.bitPattern)"
            c.metadata["best_step"] = "\(best.step)"
        }
        return c
    }

    /// Continues from a checkpoint taken by a trainer with the same configuration.
    public mutating func restore(_ c: TrainingCheckpoint) throws {
        func meta(_ key: String) throws -> String {
            guard let v = c.metadata[key] else { throw CheckpointError.missing(key) }
            return v
        }
        func int(_ key: String) throws -> Int {
            let text = try meta(key)
            guard let v = Int(text), v >= 0 else { throw CheckpointError.malformed(key, value: text) }
            return v
        }
        func tensor(_ name: String, rows: Int, cols: Int) throws -> Matrix {
            guard let m = c.tensors[name] else { throw CheckpointError.missing(name) }
            guard m.rows == rows && m.cols == cols else {
                throw CheckpointError.mismatch("'\(name)' is \(m.rows)x\(m.cols), expected \(rows)x\(cols)")
            }
            return m
        }
        try agent.online.restore(prefix: "online.", from: c.tensors)
        agent.actingLoadedAt = nil
        try agent.target.restore(prefix: "target.", from: c.tensors)
        var optimizerState: [String: Matrix] = [:]
        for (name, m) in c.tensors where name.hasPrefix("optimizer.") {
            optimizerState[String(name.dropFirst("optimizer.".count))] = m
        }
        try agent.optimizer.restore(state: optimizerState)

        let cap = agent.buffer.capacity, n = agent.buffer.observationSize
        let count = try int("replay.count"), position = try int("replay.position")
        guard count <= cap, position < cap else { throw CheckpointError.mismatch("replay buffer counters exceed capacity \(cap)") }
        var buffer = ReplayBuffer(capacity: cap, observationSize: n)
        buffer.observations = try tensor("replay.observations", rows: cap, cols: n).storage
        buffer.nextObservations = try tensor("replay.next_observations", rows: cap, cols: n).storage
        buffer.actions = try tensor("replay.actions", rows: cap, cols: 1).storage.map { Int32($0) }
        buffer.rewards = try tensor("replay.rewards", rows: cap, cols: 1).storage
        buffer.discounts = try tensor("replay.discounts", rows: cap, cols: 1).storage
        buffer.count = count
        buffer.position = position
        agent.buffer = buffer
        if agent.priorities != nil {
            let raw = try tensor("replay.priorities", rows: cap, cols: 1).storage
            let maxText = try meta("replay.max_priority")
            guard let bits = UInt32(maxText) else { throw CheckpointError.malformed("replay.max_priority", value: maxText) }
            agent.priorities = PriorityTree(capacity: cap, alpha: config.priorityAlpha, epsilon: config.priorityEpsilon,
                                            rawPriorities: raw, maxPriority: Float(bitPattern: bits))
        }

        let rngText = try meta("rng")
        let words = rngText.split(separator: ",").compactMap { UInt64($0) }
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { throw CheckpointError.malformed("rng", value: rngText) }
        agent.rng = SeededGenerator(state: words)
        step = try int("step")
        episode = try int("episode")
        agent.gradientStepCount = try int("gradient_steps_done")
        let lossText = try meta("last_loss")
        if lossText.isEmpty {
            lastLoss = nil
        } else {
            guard let bits = UInt32(lossText) else { throw CheckpointError.malformed("last_loss", value: lossText) }
            lastLoss = Float(bitPattern: bits)
        }
        lastEvaluatedStep = try int("last_evaluated_step")
        if let scoreText = c.metadata["best_mean_return"] {
            guard let bits = UInt64(scoreText) else { throw CheckpointError.malformed("best_mean_return", value: scoreText) }
            var network = agent.online
            try network.restore(prefix: "best.", from: c.tensors)
            best = (network, Double(bitPattern: bits), try int("best_step"))
        } else {
            best = nil
        }
        needsReset = true
    }
}

extension Sequential {
    /// Adds every parameter tensor under `prefix + name`.
    func export(prefix: String, into tensors: inout [String: Matrix]) {
        for k in 0..<parameterTensorCount { tensors[prefix + parameterName(at: k)] = parameter(at: k) }
    }

    /// Sets every parameter tensor from `prefix + name`, checking shapes.
    mutating func restore(prefix: String, from tensors: [String: Matrix]) throws {
        for k in 0..<parameterTensorCount {
            let name = prefix + parameterName(at: k)
            guard let m = tensors[name] else { throw CheckpointError.missing(name) }
            var ok = true
            withParameter(at: k) { value, _ in
                if value.rows == m.rows && value.cols == m.cols { value = m } else { ok = false }
            }
            guard ok else { throw CheckpointError.mismatch("'\(name)' has shape \(m.rows)x\(m.cols)") }
        }
    }
}
