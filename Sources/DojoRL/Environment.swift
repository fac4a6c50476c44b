import DojoScene

/// An environment with Gymnasium's semantics.
///
/// `reset(seed:)` starts an episode and returns its first observation; a seed re-seeds the
/// environment's own generator, `nil` continues its stream. `step(_:)` advances one step.
/// `terminated` means the MDP reached a terminal state (no bootstrapping past it); `truncated`
/// means something outside the MDP cut the episode (a time limit), so the next state's value still
/// counts. After either, the caller must `reset` before stepping again.
public protocol Environment {
    associatedtype ObservationSpace: Space
    associatedtype ActionSpace: Space
    typealias Observation = ObservationSpace.Element
    typealias Action = ActionSpace.Element

    var observationSpace: ObservationSpace { get }
    var actionSpace: ActionSpace { get }

    mutating func reset(seed: UInt64?) -> Observation
    mutating func step(_ action: Action) -> Step<Observation>
}

extension Environment {
    /// Starts an episode continuing the environment's random stream.
    public mutating func reset() -> Observation { reset(seed: nil) }
}

/// The outcome of one step.
public struct Step<Observation> {
    public var observation: Observation
    public var reward: Double
    /// The MDP reached a terminal state.
    public var terminated: Bool
    /// The episode was cut from outside the MDP (a time limit).
    public var truncated: Bool

    public init(observation: Observation, reward: Double, terminated: Bool, truncated: Bool) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }

    /// The episode is over, for either reason.
    public var isDone: Bool { terminated || truncated }
}

/// An environment that can show its current state as a `Scene`. It never opens a window.
public protocol Renderable {
    func render() -> Scene
}
