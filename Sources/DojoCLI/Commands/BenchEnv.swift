import ArgumentParser

struct BenchEnv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "(not yet implemented)"
    )

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    init() {}
    init(json: Bool) { self.json = json }

    func run() throws {
        throw CommandError("'bench env' is not implemented yet")
    }
}
