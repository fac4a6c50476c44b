import DojoScene

/// A call order the environment contract forbids.
public enum OrderViolation: Equatable, Sendable, CustomStringConvertible {
    /// `step` before the first `reset`.
    case stepBeforeReset
    /// `step` after a step that returned `terminated` or `truncated`, without a `reset` between.
    case stepAfterEpisodeEnd(terminated: Bool, truncated: Bool, episodeLength: Int)

    public var description: String {
        switch self {
        case .stepBeforeReset:
            return "step was called before reset; call reset(seed:) to start an episode first"
        case .stepAfterEpisodeEnd(let terminated, let truncated, let length):
            let why = terminated ? (truncated ? "terminated and truncated" : "terminated") : "truncated"
            return "step was called after the episode ended (\(why) at step \(length)) without reset; "
                + "call reset(seed:) before stepping again"
        }
    }
}

/// An environment (usually a wrapper) that notices forbidden call orders and reports them.
///
/// `step` cannot throw, so a violation is reported out of band: `orderViolationCount` grows by
/// one and `lastOrderViolation` describes it. A caller that wants to trap can check the count
/// after stepping; `EnvironmentChecker` does exactly that.
public protocol OrderReporting {
    /// Violations seen since the environment was made.
    var orderViolationCount: Int { get }
    /// The most recent violation, if any.
    var lastOrderViolation: OrderViolation? { get }
}

/// Enforces reset-before-step and no-step-after-the-end, as Gymnasium's `OrderEnforcing` (which
/// raises `ResetNeeded`) extended to the end of an episode.
///
/// Because `step` does not throw, a violation is recorded (see `OrderReporting`) and answered
/// without disturbing the wrapped environment:
/// - step before any reset: the base is reset with `reset(seed: nil)`, then stepped normally;
/// - step after the episode ended: the base is not stepped; the final step is returned again
///   with reward 0 and the same `terminated`/`truncated` flags, so a loop that ignores the flags
///   sees the episode stay over and earns nothing.
///
/// `EnvironmentSpec.make` puts this wrapper outermost (around `TimeLimit`), so it also sees
/// truncations.
public struct OrderEnforcing<Base: Environment>: Environment, OrderReporting {
    public var base: Base
    public private(set) var orderViolationCount = 0
    public private(set) var lastOrderViolation: OrderViolation?
    private var hasReset = false
    private var episodeLength = 0
    /// The step that ended the episode, while it is over.
    private var finalStep: Step<Base.Observation>?

    public init(_ base: Base) { self.base = base }

    public var observationSpace: Base.ObservationSpace { base.observationSpace }
    public var actionSpace: Base.ActionSpace { base.actionSpace }

    public mutating func reset(seed: UInt64?) -> Base.Observation {
        hasReset = true
        episodeLength = 0
        finalStep = nil
        return base.reset(seed: seed)
    }

    public mutating func step(_ action: Base.Action) -> Step<Base.Observation> {
        if var ended = finalStep {
            record(.stepAfterEpisodeEnd(terminated: ended.terminated, truncated: ended.truncated,
                                        episodeLength: episodeLength))
            ended.reward = 0
            return ended
        }
        if !hasReset {
            record(.stepBeforeReset)
            _ = reset(seed: nil)
        }
        let result = base.step(action)
        episodeLength += 1
        if result.isDone { finalStep = result }
        return result
    }

    private mutating func record(_ violation: OrderViolation) {
        orderViolationCount += 1
        lastOrderViolation = violation
    }
}

extension OrderEnforcing: Renderable where Base: Renderable {
    public func render() -> Scene { base.render() }
}
