import ArgumentParser

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "(not yet implemented)"
    )

    func run() throws {
        throw CommandError("'watch' is not implemented yet")
    }
}
