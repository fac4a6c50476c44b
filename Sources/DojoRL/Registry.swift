/// Options a factory may read when it makes an environment from the command line.
public struct EnvironmentOptions: Sendable {
    /// A text map file, for environments built from maps (`--map FILE`).
    public var mapFile: String?

    public init(mapFile: String? = nil) { self.mapFile = mapFile }
}

/// How to make one registered environment, as Gymnasium's `EnvSpec`.
public struct EnvironmentSpec: Sendable {
    public var id: String
    /// One line saying what it is.
    public var summary: String
    /// The time limit `make` wraps the environment in (nil: none).
    public var maxEpisodeSteps: Int?
    /// The mean return at which the task counts as solved (nil: none).
    public var rewardThreshold: Double?
    /// Makes the raw environment (without the time limit). May throw for bad options.
    public var factory: @Sendable (EnvironmentOptions) throws -> any Environment

    public init(id: String, summary: String = "", maxEpisodeSteps: Int? = nil, rewardThreshold: Double? = nil,
                factory: @escaping @Sendable (EnvironmentOptions) throws -> any Environment) {
        self.id = id
        self.summary = summary
        self.maxEpisodeSteps = maxEpisodeSteps
        self.rewardThreshold = rewardThreshold
        self.factory = factory
    }

    /// Makes the environment as Gymnasium's `make` does: the raw environment, inside `TimeLimit`
    /// if the spec has a limit, inside `OrderEnforcing` (outermost, so it also sees truncation).
    /// `enforceOrder: false` leaves the last wrapper off.
    public func make(_ options: EnvironmentOptions = EnvironmentOptions(),
                     enforceOrder: Bool = true) throws -> any Environment {
        let raw = try factory(options)
        func wrap<E: Environment>(_ env: E) -> any Environment {
            if let limit = maxEpisodeSteps {
                let limited = TimeLimit(env, maxEpisodeSteps: limit)
                return enforceOrder ? OrderEnforcing(limited) : limited
            }
            return enforceOrder ? OrderEnforcing(env) : env
        }
        return wrap(raw)
    }
}

public enum RegistryError: Error, Equatable, CustomStringConvertible {
    case duplicateID(String)
    case unknownID(String, known: [String])

    public var description: String {
        switch self {
        case .duplicateID(let id):
            return "environment id '\(id)' is already registered"
        case .unknownID(let id, let known):
            return "unknown environment '\(id)' (known: \(known.joined(separator: ", ")))"
        }
    }
}

/// String ids to environment factories. The only place ids are strings.
public struct EnvironmentRegistry: Sendable {
    public private(set) var specs: [EnvironmentSpec] = []

    /// An empty registry.
    public init() {}

    /// A registry of `specs`; throws on a duplicate id.
    public init(_ specs: [EnvironmentSpec]) throws {
        for spec in specs { try register(spec) }
    }

    public mutating func register(_ spec: EnvironmentSpec) throws {
        guard !specs.contains(where: { $0.id == spec.id }) else { throw RegistryError.duplicateID(spec.id) }
        specs.append(spec)
    }

    public var ids: [String] { specs.map(\.id) }

    public func spec(_ id: String) throws -> EnvironmentSpec {
        guard let spec = specs.first(where: { $0.id == id }) else {
            throw RegistryError.unknownID(id, known: ids)
        }
        return spec
    }

    /// Makes the environment registered under `id`, with its time limit and order enforcement.
    public func make(_ id: String, options: EnvironmentOptions = EnvironmentOptions(),
                     enforceOrder: Bool = true) throws -> any Environment {
        try spec(id).make(options, enforceOrder: enforceOrder)
    }

    /// Every problem with a list of specs about to be registered: duplicate ids (each named with
    /// its positions), empty ids or ids with whitespace, non-positive time limits, non-finite
    /// thresholds. Empty when `EnvironmentRegistry(specs)` would accept them and they are sound.
    public static func problems(in specs: [EnvironmentSpec]) -> [String] {
        var problems: [String] = []
        var positions: [String: [Int]] = [:]
        for (i, spec) in specs.enumerated() { positions[spec.id, default: []].append(i) }
        for (i, spec) in specs.enumerated() {
            if let at = positions[spec.id], at.count > 1, at[0] == i {
                problems.append("environment id '\(spec.id)' is registered \(at.count) times "
                    + "(entries \(at.map(String.init).joined(separator: ", ")))")
            }
            if spec.id.isEmpty {
                problems.append("entry \(i) has an empty id")
            } else if spec.id.contains(where: \.isWhitespace) {
                problems.append("environment id '\(spec.id)' contains whitespace")
            }
            if let limit = spec.maxEpisodeSteps, limit <= 0 {
                problems.append("environment '\(spec.id)' has a time limit of \(limit) steps; it must be positive")
            }
            if let threshold = spec.rewardThreshold, !threshold.isFinite {
                problems.append("environment '\(spec.id)' has a reward threshold of \(threshold); it must be finite")
            }
        }
        return problems
    }
}
