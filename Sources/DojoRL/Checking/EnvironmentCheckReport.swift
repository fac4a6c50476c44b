/// The outcome of one named check of `EnvironmentChecker`.
public struct EnvironmentCheckResult: Sendable, Equatable {
    public enum Status: String, Sendable {
        case passed, failed, skipped
    }

    /// A short name: "spaces", "reset", "step", "determinism", "step after end", "render".
    public var name: String
    public var status: Status
    /// What failed, one clear sentence each (empty unless `failed`).
    public var problems: [String]
    /// What was checked or why it was skipped.
    public var note: String

    public init(name: String, status: Status, problems: [String] = [], note: String = "") {
        self.name = name
        self.status = status
        self.problems = problems
        self.note = note
    }
}

/// Everything `EnvironmentChecker` found.
public struct EnvironmentCheckReport: Sendable, Equatable {
    public var results: [EnvironmentCheckResult]

    /// Every problem of every check, each prefixed with its check's name.
    public var problems: [String] {
        results.flatMap { result in result.problems.map { "\(result.name): \($0)" } }
    }

    public var passed: Bool { results.allSatisfy { $0.status != .failed } }

    public func result(_ name: String) -> EnvironmentCheckResult? { results.first { $0.name == name } }
}
