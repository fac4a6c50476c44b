/// One finished training episode: a row of `metrics.csv` (DESIGN.md, "Runs on disk").
public struct EpisodeRow: Equatable, Sendable {
    /// Environment steps taken in the whole run when this episode ended (counting its last step).
    public var step: Int
    /// 1-based index of this episode within the run.
    public var episode: Int
    /// Undiscounted sum of the episode's rewards.
    public var `return`: Double
    /// Steps in the episode.
    public var length: Int
    /// Exploration rate at the episode's last step.
    public var epsilon: Double
    /// Mean training loss since the previous row; nil before learning starts.
    public var loss: Double?
    /// Environment steps per second of wall-clock time; the only column that differs between
    /// two runs with the same seed.
    public var stepsPerSecond: Double

    public init(step: Int, episode: Int, return: Double, length: Int, epsilon: Double,
                loss: Double?, stepsPerSecond: Double) {
        self.step = step
        self.episode = episode
        self.return = `return`
        self.length = length
        self.epsilon = epsilon
        self.loss = loss
        self.stepsPerSecond = stepsPerSecond
    }
}
