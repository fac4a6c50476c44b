import ArgumentParser

struct Cluster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "(not yet implemented)"
    )

    func run() throws {
        throw CommandError("'cluster' is not implemented yet")
    }
}
