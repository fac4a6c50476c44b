import ArgumentParser

struct Envs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs",
        abstract: "(not yet implemented)"
    )

    func run() throws {
        throw CommandError("'envs' is not implemented yet")
    }
}
