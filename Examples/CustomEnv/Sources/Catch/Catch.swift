import DojoRL
import DojoRandom

/// A ball falls straight down a `width` x `height` grid from a random column of the top row; a
/// paddle on the bottom row moves to catch it. After DeepMind bsuite's `catch` (Osband et al.,
/// "Behaviour Suite for Reinforcement Learning", 2020), which uses 5 columns and 10 rows.
///
/// ## Action space
/// `Discrete(3)`: 0 moves the paddle one column left, 1 keeps it still, 2 moves it one column
/// right. A move into a wall leaves it where it is.
///
/// ## Observation space
/// `Box(3, [0.0, 1.0])` of Float32, `[ball x, ball y, paddle x]`, each a grid coordinate divided
/// by its largest value: columns by `width - 1`, rows by `height - 1` (row 0 is the bottom row,
/// where the paddle is; the ball starts on row `height - 1`).
///
/// ## Dynamics
/// Each step the paddle moves first, then the ball falls one row. Every episode therefore lasts
/// exactly `height - 1` steps.
///
/// ## Reward
/// 0 while the ball falls; on the step it reaches row 0, +1 if it is in the paddle's column
/// (caught), -1 if not. A step after termination (which the contract forbids) changes nothing,
/// stays terminated and earns 0.
///
/// A uniformly random policy catches with probability exactly `1 / width`: the ball's column is
/// uniform and independent of wherever the paddle's walk ends, so its mean return is
/// `1/width - (1 - 1/width) = 2/width - 1` (-0.6 for the default 5 columns). The paddle starts
/// in the middle column and needs at most `width / 2` moves, fewer than the `height - 1` steps of
/// the fall, so the optimal return is +1.
///
/// ## Starting state
/// The ball on the top row in a column drawn uniformly from the environment's own generator
/// (`reset(seed: s)` re-seeds it with `SeededGenerator(seed: s)`; `reset(seed: nil)` continues
/// it), the paddle in column `width / 2`.
///
/// ## Episode end
/// Terminated when the ball reaches row 0. No truncation is needed; the registry adds none.
public struct Catch: Environment {
    public let width: Int
    public let height: Int
    public private(set) var ballX: Int
    public private(set) var ballY: Int
    public private(set) var paddleX: Int
    /// The ball has reached the bottom row; only `reset` starts another episode.
    public private(set) var isOver = false
    /// The generator the ball's starting column comes from.
    public var generator: SeededGenerator

    /// `[ball x, ball y, paddle x]`, each scaled into [0, 1].
    public let observationSpace = Box(count: 3, low: 0, high: 1)
    public let actionSpace = Discrete(3)

    public init(width: Int = 5, height: Int = 8, seed: UInt64 = 0) {
        precondition(width >= 2 && height >= 2, "Catch: the grid must be at least 2 x 2, got \(width) x \(height)")
        self.width = width
        self.height = height
        generator = SeededGenerator(seed: seed)
        ballX = width / 2
        ballY = height - 1
        paddleX = width / 2
    }

    /// `[ball x, ball y, paddle x]` scaled into [0, 1], what `reset` and `step` return.
    public var observation: [Float] {
        [Float(ballX) / Float(width - 1), Float(ballY) / Float(height - 1), Float(paddleX) / Float(width - 1)]
    }

    public mutating func reset(seed: UInt64?) -> [Float] {
        if let seed { generator = SeededGenerator(seed: seed) }
        ballX = generator.nextIndex(below: width)
        ballY = height - 1
        paddleX = width / 2
        isOver = false
        return observation
    }

    public mutating func step(_ action: Int) -> Step<[Float]> {
        precondition(actionSpace.contains(action), "Catch.step: action must be 0, 1 or 2, got \(action)")
        guard !isOver else { return Step(observation: observation, reward: 0, terminated: true, truncated: false) }
        paddleX = min(max(paddleX + action - 1, 0), width - 1)
        ballY -= 1
        guard ballY == 0 else { return Step(observation: observation, reward: 0, terminated: false, truncated: false) }
        isOver = true
        return Step(observation: observation, reward: ballX == paddleX ? 1 : -1, terminated: true, truncated: false)
    }
}
