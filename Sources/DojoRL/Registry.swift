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

    /// Makes the environment, wrapped in its time limit if it has one.
    public func make(_ options: EnvironmentOptions = EnvironmentOptions()) throws -> any Environment {
        let raw = try factory(options)
        guard let limit = maxEpisodeSteps else { return raw }
        func wrap<E: Environment>(_ env: E) -> any Environment { TimeLimit(env, maxEpisodeSteps: limit) }
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

    public init(_ specs: [EnvironmentSpec] = []) throws {
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

    /// Makes the environment registered under `id`, with its time limit.
    public func make(_ id: String, options: EnvironmentOptions = EnvironmentOptions()) throws -> any Environment {
        try spec(id).make(options)
    }
}
