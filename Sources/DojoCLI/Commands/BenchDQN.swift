import ArgumentParser
import DojoAgents
import DojoRL
import Foundation

/// `dojo bench dqn [--json] [--repeats N]`: wall time of a whole DQN training run with a preset
/// (no run folder, no progress output), its environment steps per second, and the greedy
/// evaluation mean. With `--repeats`, the median wall time of N identical runs (shared machines
/// are noisy; every run trains the same network, so the evaluation is the same).
struct BenchDQN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dqn",
        abstract: "Time a full DQN training run with a preset (default: cartpole-dqn, seed 0)."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "A built-in preset name or a path to a preset YAML file.")
    var preset = "cartpole-dqn"

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "Environment steps (default: the preset's).")
    var steps: Int?

    @Option(name: .customLong("set"), help: "Override one preset field, e.g. --set split_hidden_units=false (repeatable).")
    var overrides: [String] = []

    @Option(help: "Runs to take the median wall time of.")
    var repeats = 1

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        var config = try userFacing { try Presets.load(preset) }
        for override in overrides { try userFacing { try config.apply(override: override) } }
        config.seed = seed
        if let steps { config.totalSteps = steps }
        let env = try userFacing { try CommandContext.registry.make(config.env) }
        var walls: [Double] = []
        var evalMean = 0.0, gradientSteps = 0
        for run in 0..<repeats {
            let result = try userFacing { try measure(env, config: config, evaluate: run == 0) }
            walls.append(result.wall)
            if run == 0 { (evalMean, gradientSteps) = (result.evalMean, result.gradientSteps) }
        }
        walls.sort()
        let wall = walls.count % 2 == 1 ? walls[walls.count / 2] : (walls[walls.count / 2 - 1] + walls[walls.count / 2]) / 2
        let name = preset.split(separator: "/").last.map { String($0).replacingOccurrences(of: ".yaml", with: "") } ?? preset
        if options.json {
            print(#"{"bench":"dqn","preset":"\#(name)","seed":\#(seed),"wall_s":\#(rounded(wall, 3)),"#
                + #""steps_per_s":\#(rounded(Double(config.totalSteps) / wall, 1)),"eval_mean":\#(rounded(evalMean, 3)),"#
                + #""gradient_steps":\#(gradientSteps),"repeats":\#(repeats)}"#)
        } else {
            let timing = repeats > 1 ? "median of \(repeats) runs " : ""
            print("DQN \(name), seed \(seed): \(config.totalSteps) steps in \(timing)\(String(format: "%.2f", wall)) s "
                  + "(\(Int(Double(config.totalSteps) / wall)) steps/s, \(gradientSteps) gradient steps); "
                  + "greedy evaluation mean \(String(format: "%.2f", evalMean))")
        }
    }

    /// One training run's wall time, and (when `evaluate`) its greedy evaluation mean.
    private func measure<E: Environment>(_ env: E, config: DQNConfig, evaluate: Bool) throws -> (wall: Double, evalMean: Double, gradientSteps: Int) {
        let clock = MonotonicClock()
        let start = clock.seconds()
        var trainer = try DQNTrainer(config: config, env: env)
        _ = try trainer.run()
        let wall = clock.seconds() - start
        guard evaluate else { return (wall, 0, trainer.agent.gradientStepCount) }
        let outcomes = try evaluateGreedy(network: trainer.keptNetwork, env: env, episodes: max(1, config.evalEpisodes),
                                          seed: config.seed, threads: 2)
        let mean = outcomes.map(\.episodeReturn).reduce(0, +) / Double(outcomes.count)
        return (wall, mean, trainer.agent.gradientStepCount)
    }

    private func rounded(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }
}
