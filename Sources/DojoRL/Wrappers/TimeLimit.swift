import DojoScene

/// Cuts episodes after `maxEpisodeSteps` steps by setting `truncated` (never `terminated`), as
/// Gymnasium's `TimeLimit` wrapper. A step that both terminates and hits the limit reports both.
public struct TimeLimit<Base: Environment>: Environment {
    public var base: Base
    public let maxEpisodeSteps: Int
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0

    public init(_ base: Base, maxEpisodeSteps: Int) {
        precondition(maxEpisodeSteps > 0, "TimeLimit: maxEpisodeSteps must be positive, got \(maxEpisodeSteps)")
        self.base = base
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    public var observationSpace: Base.ObservationSpace { base.observationSpace }
    public var actionSpace: Base.ActionSpace { base.actionSpace }

    public mutating func reset(seed: UInt64?) -> Base.Observation {
        elapsedSteps = 0
        return base.reset(seed: seed)
    }

    public mutating func step(_ action: Base.Action) -> Step<Base.Observation> {
        var result = base.step(action)
        elapsedSteps += 1
        if elapsedSteps >= maxEpisodeSteps { result.truncated = true }
        return result
    }
}

extension TimeLimit: Renderable where Base: Renderable {
    public func render() -> Scene { base.render() }
}

extension TimeLimit: OrderReporting where Base: OrderReporting {
    public var orderViolationCount: Int { base.orderViolationCount }
    public var lastOrderViolation: OrderViolation? { base.lastOrderViolation }
}
