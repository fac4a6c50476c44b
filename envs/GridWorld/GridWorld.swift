import DojoRL
import DojoRandom

/// An agent walks a grid map (`GridMap`) one cell at a time. With the right map and options it is
/// exactly Gymnasium's FrozenLake-v1 (toy_text/frozen_lake.py) or CliffWalking-v0
/// (toy_text/cliffwalking.py); see `GridWorld.builtinSpecs`.
///
/// ## Action space
/// `Discrete(4)`. The meaning of each index is `Options.actions`: FrozenLake's order
/// 0 left, 1 down, 2 right, 3 up (the default), or CliffWalking's 0 up, 1 right, 2 down, 3 left.
/// In both, `a - 1` and `a + 1` (mod 4) are the two moves perpendicular to `a`.
///
/// ## Observation space
/// `Discrete(rows * columns)`: the agent's cell, `row * columns + column`. Its flat encoding is
/// one-hot (through `Discrete.encode`); `GridCoordinates` offers (row, column) scaled to [0, 1].
///
/// ## Dynamics and reward
/// A move to a cell off the grid or onto a wall leaves the agent where it is. With `isSlippery`,
/// the move actually taken is the intended one or either perpendicular one, 1/3 each (FrozenLake).
/// The reward of a move is the reward of the tile it lands on: `goalReward` for `G`, `holeReward`
/// for `H`, `cliffReward` for `C` (which then sends the agent to `S`, not terminal), and
/// `stepReward` for anything else (including staying put).
/// The model is exposed as `transitions[s][a]`, Gymnasium's `P`: a list of
/// `(probability, nextState, reward, terminated)`, one entry per possible slip direction (entries
/// may share a next state, as in Gymnasium). Terminal and wall cells are absorbing:
/// `[(1, s, 0, true)]`, which is also what a (forbidden) step after termination does.
///
/// ## Starting state
/// The `S` cell, always.
///
/// ## Episode end
/// Terminated on entering `G` or `H`; truncation comes from the registry's time limit.
///
/// ## Version
/// FrozenLake-v1 and CliffWalking-v0 dynamics and rewards as in Gymnasium 1.x. Slips are drawn from
/// the environment's own `SeededGenerator` (re-seeded by `reset(seed:)`), so sampled trajectories
/// differ from Gymnasium's for the same seed while the probabilities are the same.
public struct GridWorld: Environment {
    /// What the four actions mean.
    public enum ActionLayout: String, Sendable, Equatable {
        /// FrozenLake: 0 left, 1 down, 2 right, 3 up.
        case leftDownRightUp
        /// CliffWalking: 0 up, 1 right, 2 down, 3 left.
        case upRightDownLeft

        /// (row change, column change) of each action; rows grow downwards.
        public var moves: [(row: Int, column: Int)] {
            switch self {
            case .leftDownRightUp: return [(0, -1), (1, 0), (0, 1), (-1, 0)]
            case .upRightDownLeft: return [(-1, 0), (0, 1), (1, 0), (0, -1)]
            }
        }

        /// An arrow-like name of each action, for captions.
        public var names: [String] {
            switch self {
            case .leftDownRightUp: return ["left", "down", "right", "up"]
            case .upRightDownLeft: return ["up", "right", "down", "left"]
            }
        }
    }

    public struct Options: Sendable, Equatable {
        /// Reward for a move landing on floor or start (or staying put).
        public var stepReward: Double
        public var goalReward: Double
        public var holeReward: Double
        public var cliffReward: Double
        /// FrozenLake's slip: intended or either perpendicular move, 1/3 each.
        public var isSlippery: Bool
        public var actions: ActionLayout

        public init(stepReward: Double = 0, goalReward: Double = 1, holeReward: Double = 0,
                    cliffReward: Double = -100, isSlippery: Bool = false, actions: ActionLayout = .leftDownRightUp) {
            self.stepReward = stepReward
            self.goalReward = goalReward
            self.holeReward = holeReward
            self.cliffReward = cliffReward
            self.isSlippery = isSlippery
            self.actions = actions
        }
    }

    /// One possible outcome of an action, as an entry of Gymnasium's `P[s][a]`.
    public struct Transition: Equatable, Sendable {
        public var probability: Double
        public var nextState: Int
        public var reward: Double
        public var terminated: Bool
        public init(probability: Double, nextState: Int, reward: Double, terminated: Bool) {
            self.probability = probability
            self.nextState = nextState
            self.reward = reward
            self.terminated = terminated
        }
    }

    public let map: GridMap
    public let options: Options
    /// Gymnasium's `P`: `transitions[state][action]` lists the outcomes, probabilities summing to 1.
    public let transitions: [[[Transition]]]
    /// The agent's cell. Settable, so a test or a user can start from a chosen cell.
    public var state: Int
    /// The action taken last (nil after reset), for rendering.
    public private(set) var lastAction: Int?
    /// The generator slips are drawn from.
    public var generator: SeededGenerator

    public let observationSpace: Discrete
    public let actionSpace = Discrete(4)

    // The model flattened for stepping: outcomes of (s, a) are entries offsets[s*4+a] ..< offsets[s*4+a+1].
    private let offsets: [Int]
    private let cumulative: [Double]
    private let outcomes: [Transition]

    public init(map: GridMap, options: Options = Options(), seed: UInt64 = 0) {
        self.map = map
        self.options = options
        let model = Self.model(map, options)
        transitions = model
        var offsets = [0], cumulative: [Double] = [], outcomes: [Transition] = []
        for perAction in model {
            for list in perAction {
                var sum = 0.0
                for t in list {
                    sum += t.probability
                    cumulative.append(sum)
                    outcomes.append(t)
                }
                offsets.append(outcomes.count)
            }
        }
        self.offsets = offsets
        self.cumulative = cumulative
        self.outcomes = outcomes
        state = map.start
        generator = SeededGenerator(seed: seed)
        observationSpace = Discrete(map.stateCount)
    }

    public mutating func reset(seed: UInt64?) -> Int {
        if let seed { generator = SeededGenerator(seed: seed) }
        state = map.start
        lastAction = nil
        return state
    }

    public mutating func step(_ action: Int) -> Step<Int> {
        precondition(action >= 0 && action < 4, "GridWorld.step: action must be in 0..<4, got \(action)")
        let key = state * 4 + action
        var k = offsets[key]
        let end = offsets[key + 1]
        if end - k > 1 {
            // Gymnasium's categorical_sample: the first outcome whose cumulative probability exceeds u.
            let u = generator.nextUnitDouble()
            while k < end - 1 && cumulative[k] <= u { k += 1 }
        }
        let outcome = outcomes[k]
        state = outcome.nextState
        lastAction = action
        return Step(observation: outcome.nextState, reward: outcome.reward, terminated: outcome.terminated, truncated: false)
    }

    /// Builds `P` from the map and options; see the type's documentation.
    static func model(_ map: GridMap, _ options: Options) -> [[[Transition]]] {
        let moves = options.actions.moves
        func outcome(from s: Int, direction: Int, probability: Double) -> Transition {
            var row = s / map.columns + moves[direction].row
            var column = s % map.columns + moves[direction].column
            if row < 0 || row >= map.rows || column < 0 || column >= map.columns || map[row, column] == .wall {
                row = s / map.columns
                column = s % map.columns
            }
            let landing = row * map.columns + column
            switch map.tiles[landing] {
            case .goal: return Transition(probability: probability, nextState: landing, reward: options.goalReward, terminated: true)
            case .hole: return Transition(probability: probability, nextState: landing, reward: options.holeReward, terminated: true)
            case .cliff: return Transition(probability: probability, nextState: map.start, reward: options.cliffReward, terminated: false)
            case .start, .floor, .wall:
                return Transition(probability: probability, nextState: landing, reward: options.stepReward, terminated: false)
            }
        }
        return (0..<map.stateCount).map { s in
            (0..<4).map { a in
                let tile = map.tiles[s]
                if tile.isTerminal || tile == .wall {
                    return [Transition(probability: 1, nextState: s, reward: 0, terminated: true)]
                }
                if options.isSlippery {
                    return [(a + 3) % 4, a, (a + 1) % 4].map { outcome(from: s, direction: $0, probability: 1.0 / 3.0) }
                }
                return [outcome(from: s, direction: a, probability: 1)]
            }
        }
    }
}
