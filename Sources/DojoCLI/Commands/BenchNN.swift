import ArgumentParser

struct BenchNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn",
        abstract: "(not yet implemented)"
    )

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    init() {}
    init(json: Bool) { self.json = json }

    func run() throws {
        throw CommandError("'bench nn' is not implemented yet")
    }
}
