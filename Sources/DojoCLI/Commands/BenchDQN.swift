import ArgumentParser

struct BenchDQN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dqn",
        abstract: "(not yet implemented)"
    )

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    init() {}
    init(json: Bool) { self.json = json }

    func run() throws {
        throw CommandError("'bench dqn' is not implemented yet")
    }
}
