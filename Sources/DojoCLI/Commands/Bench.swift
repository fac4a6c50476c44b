import ArgumentParser

/// `dojo bench [--json]`: every benchmark; `dojo bench nn|env|dqn` one group.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed (release builds): network core, environments, DQN.",
        subcommands: [BenchNN.self, BenchEnv.self, BenchDQN.self]
    )

    @OptionGroup var options: BenchOptions

    func run() throws {
        try BenchNN.run(json: options.json)
        var env = try BenchEnv.parse([])
        env.options = options
        try env.run()
        var dqn = try BenchDQN.parse([])
        dqn.options = options
        try dqn.run()
    }
}

/// Options shared by `bench` and its subcommands. ArgumentParser gives a flag to the first command
/// in the stack that declares it, so a subcommand re-declaring `--json` as its own `@Flag` never
/// sees it; an `@OptionGroup` of this type in both reuses the parent's decoded value.
struct BenchOptions: ParsableArguments {
    @Flag(help: "One JSON object per line instead of a table.")
    var json = false
}
