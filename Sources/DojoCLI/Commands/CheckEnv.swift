import ArgumentParser

struct CheckEnv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-env",
        abstract: "(not yet implemented)"
    )

    func run() throws {
        throw CommandError("'check-env' is not implemented yet")
    }
}
