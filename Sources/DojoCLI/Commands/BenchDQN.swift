import ArgumentParser
import DojoAgents
import DojoRL
import Foundation

/// `dojo bench dqn [--json]`: wall time of a whole DQN training run with a preset (no run folder,
/// no progress output), its environment steps per second, and the greedy evaluation mean.
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

    func run() throws {
        var config = try userFacing { try Presets.load(preset) }
        config.seed = seed
        if let steps { config.totalSteps = steps }
        let env = try userFacing { try CommandContext.registry.make(config.env) }
        let result = try userFacing { try measure(env, config: config) }
        let name = preset.split(separator: "/").last.map { String($0).replacingOccurrences(of: ".yaml", with: "") } ?? preset
        if options.json {
            print(#"{"bench":"dqn","preset":"\#(name)","seed":\#(seed),"wall_s":\#(rounded(result.wall, 3)),"#
                + #""steps_per_s":\#(rounded(Double(config.totalSteps) / result.wall, 1)),"eval_mean":\#(rounded(result.evalMean, 3)),"#
                + #""gradient_steps":\#(result.gradientSteps)}"#)
        } else {
            print("DQN \(name), seed \(seed): \(config.totalSteps) steps in \(String(format: "%.2f", result.wall)) s "
                  + "(\(Int(Double(config.totalSteps) / result.wall)) steps/s, \(result.gradientSteps) gradient steps); "
                  + "greedy evaluation mean \(String(format: "%.2f", result.evalMean))")
        }
    }

    private func measure<E: Environment>(_ env: E, config: DQNConfig) throws -> (wall: Double, evalMean: Double, gradientSteps: Int) {
        let clock = MonotonicClock()
        let start = clock.seconds()
        var trainer = try DQNTrainer(config: config, env: env)
        _ = try trainer.run()
        let wall = clock.seconds() - start
        let outcomes = try evaluateGreedy(network: trainer.keptNetwork, env: env, episodes: max(1, config.evalEpisodes),
                                          seed: config.seed, threads: 2)
        let mean = outcomes.map(\.episodeReturn).reduce(0, +) / Double(outcomes.count)
        return (wall, mean, trainer.agent.gradientStepCount)
    }

    private func rounded(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }
}
