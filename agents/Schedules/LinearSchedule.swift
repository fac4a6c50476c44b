/// A value moving linearly from `start` to `end` over the first `fraction` of training, then
/// held at `end` — Stable-Baselines3's `get_linear_fn`, used for DQN's ε:
///
///     ε(t) = start + (end − start) · min(1, (t / T) / fraction)
public struct LinearSchedule: Sendable, Equatable {
    public var start: Double
    public var end: Double
    /// Share of the total steps over which the value moves (0 means it starts at `end`).
    public var fraction: Double
    public var totalSteps: Int

    public init(start: Double, end: Double, fraction: Double, totalSteps: Int) {
        precondition(fraction >= 0 && fraction <= 1, "LinearSchedule: fraction must be in [0, 1], got \(fraction)")
        precondition(totalSteps > 0, "LinearSchedule: totalSteps must be positive")
        self.start = start
        self.end = end
        self.fraction = fraction
        self.totalSteps = totalSteps
    }

    public func value(atStep step: Int) -> Double {
        let progress = Double(step) / Double(totalSteps)
        guard fraction > 0, progress < fraction else { return end }
        return start + (end - start) * progress / fraction
    }
}
