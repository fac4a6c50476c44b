import DojoRL
import DojoRandom

/// A corridor of `length` cells, start in the middle-left; action 1 moves right, 0 moves left.
/// Reaching the right end gives +1 and terminates; each step costs `stepCost`. Optimal return
/// from the start: 1 − (steps to the end − 1) · stepCost. Observations are one-hot cells.
struct ChainEnvironment: Environment {
    var length = 6
    var stepCost = 0.01
    var position = 1
    var start = 1

    var observationSpace: Discrete { Discrete(length) }
    var actionSpace: Discrete { Discrete(2) }

    mutating func reset(seed: UInt64?) -> Int {
        position = start
        return position
    }

    mutating func step(_ action: Int) -> Step<Int> {
        position = max(0, min(length - 1, position + (action == 1 ? 1 : -1)))
        let done = position == length - 1
        return Step(observation: position, reward: done ? 1 : -stepCost, terminated: done, truncated: false)
    }

    var optimalReturn: Double { 1 - Double(length - 1 - start - 1) * stepCost }
}
