import ArgumentParser

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "(not yet implemented)"
    )

    func run() throws {
        throw CommandError("'train' is not implemented yet")
    }
}
