import DojoScene

/// Tracks the return (sum of rewards) and length (steps) of the current episode and of the last
/// finished one, as Gymnasium's `RecordEpisodeStatistics`. An episode finishes on a step that is
/// terminated or truncated; `reset` starts counting afresh.
public struct EpisodeStatistics<Base: Environment>: Environment {
    public var base: Base
    /// Sum of rewards so far in the current episode.
    public private(set) var episodeReturn = 0.0
    /// Steps so far in the current episode.
    public private(set) var episodeLength = 0
    /// Return of the last finished episode (nil until one finishes).
    public private(set) var lastEpisodeReturn: Double?
    /// Length of the last finished episode (nil until one finishes).
    public private(set) var lastEpisodeLength: Int?
    /// Episodes finished since this wrapper was made.
    public private(set) var finishedEpisodes = 0

    public init(_ base: Base) { self.base = base }

    public var observationSpace: Base.ObservationSpace { base.observationSpace }
    public var actionSpace: Base.ActionSpace { base.actionSpace }

    public mutating func reset(seed: UInt64?) -> Base.Observation {
        episodeReturn = 0
        episodeLength = 0
        return base.reset(seed: seed)
    }

    public mutating func step(_ action: Base.Action) -> Step<Base.Observation> {
        let result = base.step(action)
        episodeReturn += result.reward
        episodeLength += 1
        if result.isDone {
            lastEpisodeReturn = episodeReturn
            lastEpisodeLength = episodeLength
            finishedEpisodes += 1
        }
        return result
    }
}

extension EpisodeStatistics: Renderable where Base: Renderable {
    public func render() -> Scene { base.render() }
}

extension EpisodeStatistics: OrderReporting where Base: OrderReporting {
    public var orderViolationCount: Int { base.orderViolationCount }
    public var lastOrderViolation: OrderViolation? { base.lastOrderViolation }
}
