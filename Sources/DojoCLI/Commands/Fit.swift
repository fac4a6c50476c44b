import ArgumentParser

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "(not yet implemented)"
    )

    func run() throws {
        throw CommandError("'fit' is not implemented yet")
    }
}
