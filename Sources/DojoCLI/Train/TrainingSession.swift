import ArgumentParser
import DojoAgents
import DojoNN
import DojoRL
import Foundation

/// One `dojo train` invocation: owns the run folder and the terminal while a `DQNTrainer` runs.
///
/// Order of writes at each checkpoint (every `checkpoint_interval` steps, at the next episode end):
/// metrics rows are synced first, then `checkpoint/state.safetensors`, then `model.safetensors`
/// and `curve.svg`, each atomically — so a kill at any moment leaves a checkpoint whose episode
/// count the metrics file covers.
struct TrainingSession {
    let config: DQNConfig
    let folder: RunFolder
    let resuming: Bool
    let quiet: Bool
    let rewardThreshold: Double?
    let evalThreads: Int
    /// Show one episode in every this many in the visualizer (nil: no visualizer).
    let watchEvery: Int?
    /// Frames per second in the visualizer.
    var watchFps: Double = 50
    /// The --map of a new run, copied into the run folder (`map.txt`) so eval, watch and
    /// --resume of the run find it without --map.
    var mapFile: String? = nil

    var checkpointPath: String { folder.checkpointDirectory + "/state.safetensors" }

    func run(_ environment: any Environment) throws {
        try train(environment)
    }

    private func train<E: Environment>(_ env: E) throws {
        var trainer = try userFacing { try DQNTrainer(config: config, env: env) }
        let watch = try watchEvery.map { try TrainingWatch(env: env, envID: config.env, every: $0, fps: watchFps) }
        defer { watch?.close() }
        trainer.watcher = watch?.watcher(for: E.self)
        _ = try userFacing { try folder.prepare(resuming: resuming) }

        let metrics: MetricsLog
        var rows: [EpisodeRow]
        if resuming {
            let checkpoint = try userFacing { try loadCheckpoint() }
            try userFacing { try trainer.restore(checkpoint) }
            if trainer.isFinished {
                if !quiet {
                    print("run \(folder.name) already finished its \(config.totalSteps) steps; "
                          + "pass --steps N (more than \(trainer.step)) to train it further")
                }
                return
            }
            metrics = try userFacing { try MetricsLog.resume(at: folder.metricsPath, keepingEpisodes: trainer.episode) }
            rows = try userFacing { try MetricsLog.read(folder.metricsPath) }
            // Records an n_timesteps extended with --steps; otherwise rewrites the same text.
            try userFacing { try AtomicFile.write(configYAML, to: folder.configPath) }
        } else {
            try userFacing { try AtomicFile.write(configYAML, to: folder.configPath) }
            if let mapFile {
                try userFacing { try AtomicFile.write(FileSystem.readBytes(mapFile), to: folder.mapPath) }
            }
            metrics = try userFacing { try MetricsLog.create(at: folder.metricsPath) }
            rows = []
        }
        defer { try? metrics.close() }

        var progress = ProgressReporter.forFileDescriptor(totalSteps: config.totalSteps, startStep: trainer.step, quiet: quiet)
        if !quiet {
            progress.note("\(resuming ? "resuming" : "training") DQN on \(config.env) for \(config.totalSteps) steps "
                          + "(seed \(config.seed)) in \(folder.path)")
        }
        let clock = MonotonicClock()
        let startTime = clock.seconds()
        let startStep = trainer.step
        var recent = RecentMean(capacity: 100)
        for row in rows.suffix(100) { recent.add(row.return) }

        Interrupt.install()
        defer { Interrupt.uninstall() }
        var nextCheckpoint = (trainer.step / config.checkpointInterval + 1) * config.checkpointInterval
        while true {
            let stop = try userFacing {
                try trainer.run(untilEpisodeEndAfter: nextCheckpoint, shouldStop: { Interrupt.requested }) { record in
                    let elapsed = max(clock.seconds() - startTime, 1e-9)
                    let row = EpisodeRow(step: record.step, episode: record.episode, return: record.episodeReturn,
                                         length: record.length, epsilon: record.epsilon, loss: record.loss.map(Double.init),
                                         stepsPerSecond: Double(record.step - startStep) / elapsed)
                    try metrics.append(row)
                    rows.append(row)
                    recent.add(record.episodeReturn)
                    progress.update(TrainingProgress(step: record.step, episodes: record.episode, meanReturn: recent.mean,
                                                     epsilon: record.epsilon, loss: row.loss))
                } onEvaluation: { evaluation in
                    progress.note("evaluation at step \(evaluation.step): mean return "
                                  + NumberFormat.significant(evaluation.meanReturn, digits: 6)
                                  + (evaluation.isBest ? " (best so far)" : ""))
                }
            }
            try userFacing { try saveCheckpoint(trainer, metrics: metrics, rows: rows) }
            switch stop {
            case .reachedStep:
                nextCheckpoint += config.checkpointInterval
            case .interrupted:
                progress.finish()
                progress.note("interrupted at step \(trainer.step); checkpoint saved. Continue with: "
                              + "dojo train --run \(folder.name) --runs-dir \(folder.root) --resume")
                throw ExitCode(130)
            case .finished:
                progress.finish()
                try finish(trainer, env: env, rows: rows, seconds: clock.seconds() - startTime, startStep: startStep)
                return
            }
        }
    }

    private func saveCheckpoint<E: Environment>(_ trainer: DQNTrainer<E>, metrics: MetricsLog, rows: [EpisodeRow]) throws {
        try metrics.sync()
        let c = trainer.checkpoint()
        let tensors = c.tensors.keys.sorted().map { name in
            let m = c.tensors[name]!
            return (name: name, shape: [m.rows, m.cols], matrix: m)
        }
        try SafetensorsFile.write(tensors, metadata: c.metadata, to: checkpointPath)
        try trainer.keptNetwork.save(to: folder.modelPath, metadata: modelMetadata)
        try AtomicFile.write(LearningCurveSVG.render(rows: rows, title: "DQN on \(config.env)", threshold: rewardThreshold),
                             to: folder.curvePath)
    }

    private func loadCheckpoint() throws -> TrainingCheckpoint {
        guard FileManager.default.fileExists(atPath: checkpointPath) else {
            throw CommandError("cannot resume: no checkpoint at \(checkpointPath)")
        }
        let file = try SafetensorsFile.read(from: checkpointPath)
        return TrainingCheckpoint(tensors: file.tensors.mapValues(\.matrix), metadata: file.metadata)
    }

    private func finish<E: Environment>(_ trainer: DQNTrainer<E>, env: E, rows: [EpisodeRow], seconds: Double, startStep: Int) throws {
        // eval_episodes = 0 skips the final evaluation (and eval.json) altogether.
        var report: EvalReport?
        if config.evalEpisodes > 0 {
            let outcomes = try userFacing {
                try evaluateGreedy(network: trainer.keptNetwork, env: env, episodes: config.evalEpisodes,
                                   seed: config.seed, threads: evalThreads)
            }
            let evaluation = try EvalReport(checking: outcomes.map { ($0.episodeReturn, $0.length) },
                                            env: config.env, seed: Int(config.seed))
            try userFacing { try AtomicFile.write(evaluation.json(pretty: true) + "\n", to: folder.evalPath) }
            report = evaluation
        }
        guard !quiet else { return }
        let stepsDone = trainer.step - startStep
        print("trained \(stepsDone) steps in \(formatSeconds(seconds)) (\(Int(Double(stepsDone) / max(seconds, 1e-9))) steps/s), "
              + "\(trainer.episode) episodes, \(trainer.agent.gradientStepCount) gradient steps")
        if let report {
            let which = config.keepBest && trainer.best != nil
                ? "the best network (periodic evaluation at step \(trainer.best!.step))" : "the final network"
            print("evaluation of \(which), \(config.evalEpisodes) greedy episodes:")
            print(report.summary)
        }
        print("run folder: \(folder.path)")
    }

    /// Keys `config.yaml` has beyond the hyperparameters.
    static let runKeys: Set<String> = ["dojo_version", "algorithm"]

    var configYAML: String {
        "# dojo train: every resolved hyperparameter of this run\n"
            + "dojo_version: \(DojoTool.version)\nalgorithm: dqn\n" + config.yaml
    }

    var modelMetadata: [String: String] {
        ["dojo.algorithm": "dqn", "dojo.env": config.env, "dojo.version": DojoTool.version, "dojo.seed": "\(config.seed)"]
    }
}

func formatSeconds(_ s: Double) -> String {
    s < 60 ? String(format: "%.1f s", s) : String(format: "%d:%02d", Int(s) / 60, Int(s) % 60)
}

func readTextFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw CommandError("cannot read '\(path)'")
    }
    return text
}
