import ArgumentParser

/// `dojo bench [--json]`: every benchmark; `dojo bench nn|env|dqn` one group.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed (release builds): network core, environments, DQN.",
        subcommands: [BenchNN.self, BenchEnv.self, BenchDQN.self]
    )

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    func run() throws {
        try BenchNN(json: json).run()
        try BenchEnv(json: json).run()
        try BenchDQN(json: json).run()
    }
}
