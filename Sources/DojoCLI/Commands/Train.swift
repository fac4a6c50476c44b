import ArgumentParser
import DojoAgents
import DojoRL

/// `dojo train`: trains a DQN agent and leaves a run folder (config, metrics, model, curve, eval).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a DQN agent on a registered environment.",
        discussion: """
            Hyperparameters come from a preset (agents/presets/*.yaml, or a path to a YAML file); \
            --env, --steps, --seed and --set key=value override it field by field. The run folder \
            runs/NAME/ holds config.yaml, metrics.csv, model.safetensors, checkpoint/, curve.svg \
            and eval.json. Ctrl-C saves a checkpoint at the next episode end; --resume continues it.
            """
    )

    @Option(help: "A built-in preset name or a path to a preset YAML file.")
    var preset = "cartpole-dqn"

    @Option(help: "Environment id (overrides the preset's env).")
    var env: String?

    @Option(help: "A text map file, for map-based environments such as 'gridworld'.")
    var map: String?

    @Option(help: "Environment steps to train for (overrides n_timesteps).")
    var steps: Int?

    @Option(help: "Random seed (overrides the preset's seed).")
    var seed: UInt64?

    @Option(name: .customLong("run"), help: "Run folder name under --runs-dir (default: <preset>-<date>-<time>).")
    var runName: String?

    @Option(help: "Directory holding run folders.")
    var runsDir = "runs"

    @Option(name: .customLong("set"), help: "Override one preset field, e.g. --set learning_rate=1e-3 (repeatable).")
    var overrides: [String] = []

    @Flag(help: "Continue the run named by --run from its checkpoint.")
    var resume = false

    @Flag(help: "Print nothing while training (errors still go to stderr).")
    var quiet = false

    @Option(help: "Threads for the final evaluation's episodes.")
    var evalThreads = 2

    @Flag(help: "Show an episode in the visualizer every --watch-every episodes while training.")
    var watch = false

    @Option(help: "With --watch: show one episode out of this many.")
    var watchEvery = 10

    @Option(help: "With --watch: frames drawn per second (a shown episode runs at this pace).")
    var watchFps: Double = 50

    func validate() throws {
        if resume && runName == nil { throw ValidationError("--resume needs --run NAME (the run to continue)") }
        if let steps, steps <= 0 { throw ValidationError("--steps must be positive") }
        if let seed, seed > UInt64(Int64.max) { throw ValidationError("--seed must be at most \(Int64.max)") }
        if evalThreads < 1 { throw ValidationError("--eval-threads must be at least 1") }
        if watchEvery < 1 { throw ValidationError("--watch-every must be at least 1") }
        guard watchFps.isFinite, watchFps > 0, watchFps <= 1000 else {
            throw ValidationError("--watch-fps must be in (0, 1000], got \(watchFps)")
        }
    }

    func run() throws {
        let registry = CommandContext.registry
        let config = try userFacing { try resolvedConfig() }
        let spec = try userFacing { try registry.spec(config.env) }
        let folder = try userFacing {
            try RunFolder(name: runName ?? RunFolder.defaultName(prefix: presetLabel, root: runsDir), root: runsDir)
        }
        // A resumed run uses the map its folder kept, unless --map names another.
        let mapFile = map ?? (resume && FileSystem.exists(folder.mapPath) ? folder.mapPath : nil)
        let environment = try userFacing { try spec.make(environmentOptions(mapFile: mapFile)) }
        try checkMemory(config, environment)
        let session = TrainingSession(config: config, folder: folder, resuming: resume, quiet: quiet,
                                      rewardThreshold: spec.rewardThreshold, evalThreads: evalThreads,
                                      watchEvery: watch ? watchEvery : nil, watchFps: watchFps,
                                      mapFile: resume ? nil : map)
        if resume, !FileSystem.exists(session.checkpointPath) {
            throw CommandError("cannot resume run '\(folder.name)': it stopped before its first checkpoint "
                               + "(no \(session.checkpointPath)), so there is nothing to continue; "
                               + "remove \(folder.path) and start it again")
        }
        try session.run(environment)
    }

    private func checkMemory<E: Environment>(_ config: DQNConfig, _ env: E) throws {
        try ReplayMemoryCheck.check(config, env: env)
    }

    /// The preset's file name without folders or extension, for default run names.
    var presetLabel: String {
        let last = preset.split(separator: "/").last.map(String.init) ?? preset
        return last.hasSuffix(".yaml") ? String(last.dropLast(5)) : last
    }

    /// A resumed run continues with its own config.yaml, so that it ends as an uninterrupted run
    /// would and config.yaml keeps describing it; only --steps (to extend it) may be given.
    /// Anything else would either be silently ignored or fail later against the checkpoint with
    /// a confusing shape mismatch.
    func checkResumable(_ config: DQNConfig, run: String) throws {
        if let env, env != config.env {
            throw CommandError("cannot resume run '\(run)' on \(env): it trains \(config.env) (start a new run for another environment)")
        }
        if let seed, seed != config.seed {
            throw CommandError("cannot resume run '\(run)' with --seed \(seed): it was started with seed \(config.seed)")
        }
        if let first = overrides.first {
            throw CommandError("--set '\(first)': a resumed run keeps the configuration in its config.yaml; start a new run to change it")
        }
    }

    /// The configuration `--preset` names: a built-in preset, or a YAML file — which may be a
    /// run's config.yaml, to train again with exactly its settings (its `dojo_version` and
    /// `algorithm` lines are then not hyperparameters and are skipped).
    func presetConfig() throws -> DQNConfig {
        let looksLikePath = preset.hasSuffix(".yaml") || preset.hasSuffix(".yml") || preset.contains("/")
        guard looksLikePath else { return try Presets.load(preset) }
        guard FileSystem.exists(preset) else { throw CommandError("no preset file '\(preset)'") }
        guard !FileSystem.isDirectory(preset) else { throw CommandError("--preset '\(preset)' is a directory, not a YAML file") }
        return try DQNConfig(yaml: try FileSystem.readText(preset), source: preset, ignoring: TrainingSession.runKeys)
    }

    /// Preset, then --set overrides, then the dedicated flags; a resumed run reads its own
    /// config.yaml, where only --steps may change (see `checkResumable`).
    func resolvedConfig() throws -> DQNConfig {
        var config: DQNConfig
        if resume, let runName {
            let folder = try RunFolder.existing(name: runName, root: runsDir)
            guard FileSystem.exists(folder.configPath) else {
                throw CommandError("cannot resume: '\(folder.path)' has no config.yaml (it is not a dojo run)")
            }
            config = try DQNConfig(yaml: try readTextFile(folder.configPath), source: folder.configPath,
                                   ignoring: TrainingSession.runKeys)
            try checkResumable(config, run: runName)
        } else {
            config = try presetConfig()
            for override in overrides { try config.apply(override: override) }
            if let env { config.env = env }
            if let seed { config.seed = seed }
        }
        if let steps { config.totalSteps = steps }
        try config.validate()
        return config
    }
}
