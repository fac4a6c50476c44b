import DojoNN

/// Every hyperparameter of a DQN run. Names and meanings follow Stable-Baselines3's `DQN` (and
/// rl-baselines3-zoo's preset keys), so a zoo configuration carries over field by field.
public struct DQNConfig: Sendable, Equatable {
    /// Registry id of the environment.
    public var env = "CartPole-v1"
    /// Environment steps to train for (`n_timesteps`).
    public var totalSteps = 50_000
    public var seed: UInt64 = 0
    public var learningRate = 1e-4
    public var batchSize = 32
    /// Replay capacity in transitions.
    public var bufferSize = 1_000_000
    /// Steps of uniformly random actions before any gradient step.
    public var learningStarts = 100
    public var gamma = 0.99
    /// Environment steps between target-network updates.
    public var targetUpdateInterval = 10_000
    /// Polyak coefficient of the target update: 1 is a hard copy.
    public var tau = 1.0
    /// Environment steps between training phases.
    public var trainFrequency = 4
    /// Gradient steps in each training phase.
    public var gradientSteps = 1
    public var explorationFraction = 0.1
    public var explorationInitialEpsilon = 1.0
    public var explorationFinalEpsilon = 0.05
    /// Hidden layer sizes of the Q-network.
    public var hiddenLayers = [64, 64]
    public var activation = HiddenActivation.relu
    public var loss = TDLoss.huber
    /// Global gradient-norm clip.
    public var maxGradNorm = 10.0
    /// Double DQN (van Hasselt et al. 2016): the online network picks a', the target evaluates it.
    public var doubleQ = false
    /// Dueling heads (Wang et al. 2016): Q = V + A − mean(A).
    public var dueling = false
    /// n of n-step returns.
    public var nSteps = 1
    /// Proportional prioritized replay (Schaul et al. 2016).
    public var prioritizedReplay = false
    public var priorityAlpha = 0.6
    /// Importance-sampling exponent at the start; annealed linearly to 1 by the end.
    public var priorityBeta = 0.4
    public var priorityEpsilon = 1e-6
    /// Environment steps between checkpoints (checkpoints are taken at the next episode end).
    public var checkpointInterval = 10_000
    /// Greedy episodes for the evaluation after training.
    public var evalEpisodes = 100
    /// Environment steps between periodic greedy evaluations during training (0: none), as
    /// Stable-Baselines3's `EvalCallback`. Each runs at the next episode end.
    public var evalInterval = 0
    /// Greedy episodes in each periodic evaluation (the same reset seeds every time).
    public var evalIntervalEpisodes = 10
    /// Keep the network with the best periodic evaluation (ties: the later) as the run's model,
    /// like the zoo's `best_model`; the final evaluation then evaluates it. DQN's greedy policy
    /// can degrade late in training (Q-value overestimation after the buffer fills with good
    /// episodes), so the last weights are not always the best ones.
    public var keepBest = false
    /// Train with the middle layer's units split between two threads (`PairedMLP`) when the
    /// network allows it: three ReLU-connected Dense layers with 16,384+ middle weights (and the
    /// dueling head or not), with any of the other options. Much faster on two cores: the CartPole
    /// preset took 2.7-2.8 s against 6.4 s with `false` on the 2-core VM measured (the split path
    /// also leaves out inactive units' products). `false` keeps the `Sequential` schedule, whose
    /// updates are the same up to float rounding; a DQN run amplifies rounding into a different
    /// trajectory.
    public var splitHiddenUnits = true

    public init() {}

    public enum HiddenActivation: String, Sendable, CaseIterable {
        case relu, tanh, elu
        case leakyReLU = "leaky_relu"

        public var activation: Activation {
            switch self {
            case .relu: return .relu
            case .tanh: return .tanh
            case .elu: return .elu(alpha: 1)
            case .leakyReLU: return .leakyReLU(slope: 0.01)
            }
        }
    }

    public enum TDLoss: String, Sendable, CaseIterable {
        /// Smooth L1 with δ = 1 (Stable-Baselines3's default).
        case huber
        case mse
    }

    /// Checks fields against each other and their ranges.
    public func validate() throws {
        func check(_ ok: Bool, _ field: String, _ why: String) throws {
            if !ok { throw ConfigError.invalidValue(field: field, reason: why) }
        }
        // Seeds are written to config.yaml and eval.json as signed 64-bit integers (YAML and JSON
        // readers take those), so the top half of UInt64 would not read back.
        try check(seed <= UInt64(Int64.max), "seed", "must be at most \(Int64.max)")
        try check(totalSteps > 0, "n_timesteps", "must be positive")
        try check(learningRate > 0 && learningRate.isFinite, "learning_rate", "must be a positive number")
        try check(batchSize > 0, "batch_size", "must be positive")
        try check(bufferSize >= batchSize, "buffer_size", "must be at least batch_size (\(batchSize))")
        try check(learningStarts >= 0, "learning_starts", "must be >= 0")
        try check(gamma >= 0 && gamma <= 1, "gamma", "must be in [0, 1]")
        try check(targetUpdateInterval > 0, "target_update_interval", "must be positive")
        try check(tau > 0 && tau <= 1, "tau", "must be in (0, 1]")
        try check(trainFrequency > 0, "train_freq", "must be positive")
        try check(gradientSteps > 0, "gradient_steps", "must be positive")
        try check(explorationFraction >= 0 && explorationFraction <= 1, "exploration_fraction", "must be in [0, 1]")
        try check(explorationInitialEpsilon >= 0 && explorationInitialEpsilon <= 1, "exploration_initial_eps", "must be in [0, 1]")
        try check(explorationFinalEpsilon >= 0 && explorationFinalEpsilon <= 1, "exploration_final_eps", "must be in [0, 1]")
        try check(!hiddenLayers.isEmpty && hiddenLayers.allSatisfy { $0 > 0 }, "net_arch", "must be a non-empty list of positive sizes")
        try check(maxGradNorm > 0, "max_grad_norm", "must be positive")
        try check(nSteps >= 1, "n_steps", "must be >= 1")
        try check(priorityAlpha >= 0, "per_alpha", "must be >= 0")
        try check(priorityBeta >= 0 && priorityBeta <= 1, "per_beta", "must be in [0, 1]")
        try check(priorityEpsilon > 0, "per_eps", "must be positive")
        try check(checkpointInterval > 0, "checkpoint_interval", "must be positive")
        try check(evalEpisodes >= 0, "eval_episodes", "must be >= 0")
        try check(evalInterval >= 0, "eval_interval", "must be >= 0")
        try check(evalIntervalEpisodes > 0, "eval_interval_episodes", "must be positive")
        try check(!keepBest || evalInterval > 0, "keep_best", "needs eval_interval > 0")
    }

    /// ε at an environment step.
    public var explorationSchedule: LinearSchedule {
        LinearSchedule(start: explorationInitialEpsilon, end: explorationFinalEpsilon,
                       fraction: explorationFraction, totalSteps: totalSteps)
    }
}
