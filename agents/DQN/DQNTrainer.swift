import DojoNN
import DojoRL
import DojoRandom

/// One finished training episode, as a row of `metrics.csv`.
public struct EpisodeRecord: Sendable, Equatable {
    /// Environment steps taken when the episode ended.
    public var step: Int
    /// 1-based episode number.
    public var episode: Int
    public var episodeReturn: Double
    public var length: Int
    public var epsilon: Double
    /// Mean TD loss of the latest training phase (nil before learning starts).
    public var loss: Float?
}

/// A periodic greedy evaluation during training.
public struct PeriodicEvaluation: Sendable, Equatable {
    public var step: Int
    public var meanReturn: Double
    /// It is the best so far (and, with `keep_best`, the network now kept).
    public var isBest: Bool
}

/// Why `DQNTrainer.run` returned.
public enum TrainingStop: Sendable, Equatable {
    /// All `config.totalSteps` steps are done.
    case finished
    /// An episode ended at or after the requested step (a checkpoint point).
    case reachedStep
    /// `shouldStop` said so at an episode end.
    case interrupted
}

public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case unsupportedObservationSpace(String)
    case unsupportedActionSpace(String)
    case nonFinite(what: String, step: Int)

    public var description: String {
        switch self {
        case .unsupportedObservationSpace(let space):
            return "DQN needs observations it can encode as a vector (a Box or a Discrete space); this environment's observation space is \(space)"
        case .unsupportedActionSpace(let space):
            return "DQN needs a discrete action space; this environment's action space is \(space)"
        case .nonFinite(let what, let step):
            return "training diverged at step \(step): the \(what) became NaN or infinite (try a smaller learning_rate or max_grad_norm)"
        }
    }
}

/// The DQN training loop over any environment with a discrete action space and observations a
/// network can read, with Stable-Baselines3's schedule of events (cleanrl's `dqn.py` reads the
/// same way, top to bottom):
///
/// 1. act ε-greedily (uniformly at random before `learning_starts`), step the environment;
/// 2. store the transition — a truncated episode still bootstraps from its last observation;
/// 3. every `train_freq` steps after `learning_starts`, take `gradient_steps` gradient steps;
/// 4. every `target_update_interval` steps, update the target network;
/// 5. at an episode's end, report it and reset with a seed drawn from the trainer's generator, so
///    the whole run is a function of `config.seed` and can resume exactly at any episode boundary.
public struct DQNTrainer<E: Environment> {
    public var agent: DQN
    public var env: E
    public var config: DQNConfig { agent.config }
    /// Environment steps taken.
    public internal(set) var step = 0
    /// Episodes finished.
    public internal(set) var episode = 0
    /// Mean loss of the latest training phase.
    public internal(set) var lastLoss: Float?
    /// The online network at its best periodic evaluation, with that evaluation's mean and step.
    public internal(set) var best: (network: Sequential, meanReturn: Double, step: Int)?
    /// Shows chosen episodes step by step (nil: none). Not part of a checkpoint.
    public var watcher: EpisodeWatcher<E>?

    let schedule: LinearSchedule
    var nStep: NStepAccumulator
    var observation: [Float]
    var nextObservation: [Float]
    var episodeReturn = 0.0
    var episodeLength = 0
    var needsReset = true
    /// The step of the latest periodic evaluation.
    var lastEvaluatedStep = 0
    /// The current episode was chosen by `watcher`.
    var isWatched = false

    public init(config: DQNConfig, env: E) throws {
        try config.validate()
        guard let features = env.observationSpace.featureCount else {
            throw TrainingError.unsupportedObservationSpace("\(env.observationSpace)")
        }
        guard let actions = env.actionSpace.discreteCount else {
            throw TrainingError.unsupportedActionSpace("\(env.actionSpace)")
        }
        self.env = env
        agent = DQN(config: config, observationSize: features, actionCount: actions)
        schedule = config.explorationSchedule
        nStep = NStepAccumulator(n: config.nSteps, gamma: Float(config.gamma), observationSize: features)
        observation = Array(repeating: 0, count: features)
        nextObservation = Array(repeating: 0, count: features)
    }

    public var epsilon: Double { schedule.value(atStep: step) }
    public var isFinished: Bool { step >= config.totalSteps }

    /// Trains until all steps are done, or until the first episode end at or after `checkpointStep`,
    /// or until `shouldStop()` is true at an episode end. Calls `onEpisode` for every finished episode.
    public mutating func run(untilEpisodeEndAfter checkpointStep: Int = .max,
                             shouldStop: () -> Bool = { false },
                             onEpisode: (EpisodeRecord) throws -> Void = { _ in },
                             onEvaluation: (PeriodicEvaluation) throws -> Void = { _ in }) throws -> TrainingStop {
        while step < config.totalSteps {
            if needsReset { startEpisode() }

            // 1. Act.
            let eps = epsilon
            let action = step < config.learningStarts
                ? agent.rng.nextIndex(below: agent.actionCount)
                : Self.act(&agent, observation, epsilon: eps)
            let result = env.step(env.actionSpace.element(atIndex: action))
            Self.encode(result.observation, in: env.observationSpace, into: &nextObservation)
            step += 1
            episodeReturn += result.reward
            episodeLength += 1
            if isWatched { watcher?.observe(env, agent, episode + 1, episodeLength, episodeReturn) }

            // 2. Store. `terminated` stops the bootstrap; `truncated` does not (d = γ^k is kept).
            Self.store(&nStep, into: &agent, observation: observation, action: action, reward: Float(result.reward),
                       nextObservation: nextObservation, terminated: result.terminated, truncated: result.truncated)
            swap(&observation, &nextObservation)

            // 3. Learn.
            if step > config.learningStarts && step % config.trainFrequency == 0 {
                try trainPhase()
            }
            // 4. Target update.
            if step % config.targetUpdateInterval == 0 { agent.updateTarget() }

            // 5. Episode end.
            if result.terminated || result.truncated {
                episode += 1
                try onEpisode(EpisodeRecord(step: step, episode: episode, episodeReturn: episodeReturn,
                                        length: episodeLength, epsilon: eps, loss: lastLoss))
                needsReset = true
                if let evaluation = try evaluateIfDue() { try onEvaluation(evaluation) }
                if step >= config.totalSteps { return .finished }
                if shouldStop() { return .interrupted }
                if step >= checkpointStep { return .reachedStep }
            }
        }
        return .finished
    }

    /// The model a run should keep: the best evaluated network with `keep_best`, else the latest.
    public var keptNetwork: Sequential {
        if config.keepBest, let best { return best.network }
        return agent.online
    }

    /// Runs a periodic evaluation when a multiple of `eval_interval` was crossed during the
    /// episode that just ended. Uses copies of the environment and seeds of its own, so training
    /// continues exactly as without it.
    mutating func evaluateIfDue() throws -> PeriodicEvaluation? {
        let interval = config.evalInterval
        guard interval > 0, step / interval > lastEvaluatedStep / interval else { return nil }
        lastEvaluatedStep = step
        let outcomes = try evaluateGreedy(network: agent.online, env: env, episodes: config.evalIntervalEpisodes,
                                          seed: config.seed &+ 1_000_003, threads: 1)
        let mean = outcomes.map(\.episodeReturn).reduce(0, +) / Double(outcomes.count)
        let isBest = best.map { mean >= $0.meanReturn } ?? true
        if isBest { best = (agent.online, mean, step) }
        return PeriodicEvaluation(step: step, meanReturn: mean, isBest: isBest)
    }

    mutating func startEpisode() {
        let first = env.reset(seed: agent.rng.next())
        Self.encode(first, in: env.observationSpace, into: &observation)
        episodeReturn = 0
        episodeLength = 0
        needsReset = false
        isWatched = watcher?.chooses(episode + 1) ?? false
        if isWatched { watcher?.observe(env, agent, episode + 1, 0, 0) }
    }

    mutating func trainPhase() throws {
        let beta = config.priorityBeta + (1 - config.priorityBeta) * Double(step) / Double(config.totalSteps)
        let loss = agent.learn(steps: config.gradientSteps, beta: min(1, beta))
        guard loss.isFinite else { throw TrainingError.nonFinite(what: "loss", step: step) }
        guard agent.weightsAreFinite else { throw TrainingError.nonFinite(what: "network weights", step: step) }
        lastLoss = loss
    }

    // Static, with the parts passed inout, so the closures touch disjoint stored properties.
    static func act(_ agent: inout DQN, _ observation: [Float], epsilon: Double) -> Int {
        observation.withUnsafeBufferPointer { agent.act($0, epsilon: epsilon) }
    }

    static func store(_ nStep: inout NStepAccumulator, into agent: inout DQN, observation: [Float], action: Int,
                      reward: Float, nextObservation: [Float], terminated: Bool, truncated: Bool) {
        observation.withUnsafeBufferPointer { obs in
            nextObservation.withUnsafeBufferPointer { next in
                nStep.push(observation: obs, action: action, reward: reward, nextObservation: next,
                           terminated: terminated, truncated: truncated) { s, a, r, s2, d in
                    agent.store(observation: s, action: a, reward: r, nextObservation: s2, discount: d)
                }
            }
        }
    }

    /// Static, so that writing into one of the trainer's own arrays does not also read `self`
    /// (which made Swift copy the trainer, and with it the array, on every step).
    static func encode(_ obs: E.Observation, in space: E.ObservationSpace, into features: inout [Float]) {
        features.withUnsafeMutableBufferPointer { space.encode(obs, into: $0) }
    }
}
