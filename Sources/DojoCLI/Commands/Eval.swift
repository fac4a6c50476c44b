import ArgumentParser
import DojoAgents
import DojoNN
import DojoRL

/// `dojo eval`: greedy episodes of a trained model, headless; numbers a script can parse.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a trained model with its greedy policy.",
        discussion: """
            Episode i is reset with seed S+i, so results do not depend on --threads. --json prints \
            one object with env, episodes, mean_return, std_return, min_return, max_return, \
            mean_length (the same object as a run's eval.json).
            """
    )

    @OptionGroup var source: ModelSourceOptions

    @Option(help: "Number of episodes.")
    var episodes = 100

    @Option(help: "Seed of the first episode (default: the run's seed, else 0).")
    var seed: UInt64?

    @Option(help: "Threads to spread episodes over.")
    var threads = 2

    @Flag(help: "Print one JSON object instead of a summary.")
    var json = false

    func validate() throws {
        if (source.runName == nil) == (source.model == nil) { throw ValidationError("give exactly one of --run NAME or --model FILE") }
        if episodes < 1 { throw ValidationError("--episodes must be at least 1") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        // eval.json stores the seed as a signed 64-bit integer.
        if let seed, seed > UInt64(Int64.max) { throw ValidationError("--seed must be at most \(Int64.max)") }
    }

    func run() throws {
        let loaded = try source.load()
        let envID = try source.environmentID(for: loaded)
        let environment = try userFacing { try CommandContext.registry.make(envID, options: source.environmentOptions()) }
        let firstSeed = seed ?? loaded.seed ?? 0
        let outcomes = try userFacing {
            try evaluate(environment, network: loaded.network, seed: firstSeed)
        }
        let report = try EvalReport(checking: outcomes.map { ($0.episodeReturn, $0.length) }, env: envID, seed: Int(firstSeed))
        print(json ? report.json() : report.summary)
        if let runName = source.runName, source.env == nil || source.env == loaded.envID {
            let folder = try userFacing { try RunFolder.existing(name: runName, root: source.runsDir) }
            try userFacing { try AtomicFile.write(report.json(pretty: true) + "\n", to: folder.evalPath) }
        }
    }

    private func evaluate<E: Environment>(_ env: E, network: Sequential, seed: UInt64) throws -> [EpisodeOutcome] {
        try evaluateGreedy(network: network, env: env, episodes: episodes, seed: seed, threads: threads)
    }
}

/// A trained Q-network with what its file says about itself.
struct LoadedModel {
    var network: Sequential
    var path: String
    var envID: String?
    var seed: UInt64?

    /// From `--run NAME` (its model.safetensors) or `--model FILE`.
    init(run: String?, runsDir: String, model: String?) throws {
        if let run {
            path = try RunFolder.existing(name: run, root: runsDir).modelPath
            guard FileSystem.exists(path) else {
                throw CommandError("run '\(run)' has no model yet (no \(path))")
            }
        } else {
            path = model ?? ""
            guard FileSystem.exists(path) else { throw CommandError("no model file '\(path)'") }
            guard !FileSystem.isDirectory(path) else {
                throw CommandError("--model '\(path)' is a directory; give the model.safetensors file in it")
            }
        }
        let loaded = try Sequential.load(from: path)
        network = loaded.network
        envID = loaded.metadata["dojo.env"]
        seed = loaded.metadata["dojo.seed"].flatMap { UInt64($0) }
    }
}
