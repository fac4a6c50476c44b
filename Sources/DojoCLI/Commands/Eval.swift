import ArgumentParser

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "(not yet implemented)"
    )

    func run() throws {
        throw CommandError("'eval' is not implemented yet")
    }
}
