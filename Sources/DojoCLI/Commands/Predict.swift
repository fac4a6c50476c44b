import ArgumentParser

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "(not yet implemented)"
    )

    func run() throws {
        throw CommandError("'predict' is not implemented yet")
    }
}
