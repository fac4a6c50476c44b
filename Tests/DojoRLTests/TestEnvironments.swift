import DojoRL
import DojoRandom

/// A small environment for tests: the observation counts steps (`Discrete(10)`), the episode
/// terminates after `episodeLength` steps with reward 1 per step, actions are `Discrete(2)`.
/// Each knob plants one bug the checker must find.
struct Counter: Environment {
    /// Reports this observation (outside the space) at this step.
    var outsideAtStep: Int?
    /// Returns NaN as the reward at this step.
    var nanRewardAtStep: Int?
    /// Counts seeded resets, shared across copies, so two runs from the same seed differ (as global state would).
    var nondeterminism: Ticker?
    /// After the end, keep going: terminated false, reward 1 (the "silent" bug).
    var continuesAfterEnd = false
    var episodeLength = 5

    let observationSpace = Discrete(10)
    let actionSpace = Discrete(2)
    var count = 0
    var ended = false

    mutating func reset(seed: UInt64?) -> Int {
        if let n = nondeterminism, seed != nil { n.ticks += 1 }
        count = 0
        ended = false
        return 0
    }

    mutating func step(_ action: Int) -> Step<Int> {
        if ended && !continuesAfterEnd {
            return Step(observation: count, reward: 0, terminated: true, truncated: false)
        }
        count += 1
        var observation = min(count, 9)
        // Two consecutive seeded runs see tick counts one apart, so their observations always differ.
        if let n = nondeterminism { observation = (observation + n.ticks) % 10 }
        if count == outsideAtStep { observation = 42 }
        let reward = count == nanRewardAtStep ? Double.nan : 1
        let terminated = count == episodeLength && !ended
        if terminated { ended = true }
        return Step(observation: observation, reward: reward, terminated: terminated, truncated: false)
    }
}

final class Ticker: @unchecked Sendable { var ticks = 0 }

/// An environment whose box observation is a noisy random walk, to exercise `Box` and vector envs.
struct Walk: Environment {
    let observationSpace = Box(count: 2, low: -10, high: 10)
    let actionSpace = Discrete(3)
    var position: Float = 0
    var generator = SeededGenerator(seed: 0)

    mutating func reset(seed: UInt64?) -> [Float] {
        if let seed { generator = SeededGenerator(seed: seed) }
        position = Float(generator.nextUnitDouble())
        return [position, 0]
    }

    mutating func step(_ action: Int) -> Step<[Float]> {
        if abs(position) >= 3 {  // absorbing once ended
            return Step(observation: [position, Float(action)], reward: 0, terminated: true, truncated: false)
        }
        position += Float(action - 1)
        return Step(observation: [position, Float(action)], reward: Double(action), terminated: abs(position) >= 3, truncated: false)
    }
}
