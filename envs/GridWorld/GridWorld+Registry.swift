import DojoRL
import Foundation

/// Problems making a grid world from the command line.
public enum GridWorldError: Error, Equatable, CustomStringConvertible {
    /// The `gridworld` id was used without `--map FILE`.
    case missingMapFile
    case unreadableMapFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingMapFile:
            return "the 'gridworld' environment reads its map from a file: pass --map FILE"
        case .unreadableMapFile(let path, let reason):
            return "cannot read map file '\(path)': \(reason)"
        }
    }
}

extension GridWorld {
    /// Reads and parses a map file; errors name the file, and the line and column for bad maps.
    public static func loadMap(contentsOfFile path: String) throws -> GridMap {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw GridWorldError.unreadableMapFile(path: path, reason: "\(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GridWorldError.unreadableMapFile(path: path, reason: "not UTF-8 text")
        }
        return try GridMap(parsing: text, source: path)
    }

    /// The options reproducing Gymnasium's FrozenLake-v1: reward 1 at the goal, 0 elsewhere.
    public static func frozenLakeOptions(slippery: Bool) -> Options {
        Options(stepReward: 0, goalReward: 1, holeReward: 0, isSlippery: slippery, actions: .leftDownRightUp)
    }

    /// The options reproducing Gymnasium's CliffWalking-v0: -1 per step (the goal included),
    /// -100 for the cliff (back to the start, not terminal), actions up, right, down, left.
    public static let cliffWalkingOptions = Options(stepReward: -1, goalReward: -1, cliffReward: -100,
                                                    isSlippery: false, actions: .upRightDownLeft)

    /// Registry entries:
    /// - `FrozenLake-v1`: 4x4, slippery (Gymnasium's default), 100 steps, threshold 0.70.
    /// - `FrozenLake-v1-nonslippery`: the same map with `is_slippery=False`, 100 steps, threshold 0.70.
    /// - `FrozenLake8x8-v1`: 8x8, slippery, 200 steps, threshold 0.85.
    /// - `FrozenLake8x8-v1-nonslippery`: 8x8 with `is_slippery=False`, 200 steps, threshold 0.85.
    /// - `CliffWalking-v0`: 4x12. Gymnasium sets no time limit; we cut at 200 steps so an early,
    ///   wandering epsilon-greedy episode cannot run forever in a replay-based trainer (the optimal
    ///   path is 13 steps, return -13). No reward threshold, as Gymnasium.
    /// - `GridWorld-open`: `BuiltinMaps.openRoom`, -0.01 per step, +1 at the goal, 100 steps,
    ///   threshold 0.85 (the shortest path returns 0.89).
    /// - `gridworld`: the map in `--map FILE`, FrozenLake rewards, not slippery, 500 steps.
    public static var builtinSpecs: [EnvironmentSpec] {
        func builtin(_ text: String, _ name: String, _ options: Options) -> @Sendable (EnvironmentOptions) throws -> any Environment {
            { _ in GridWorld(map: try GridMap(parsing: text, source: name), options: options) }
        }
        return [
            EnvironmentSpec(id: "FrozenLake-v1", summary: "Cross a slippery frozen lake, 4x4 (Gymnasium FrozenLake-v1)",
                            maxEpisodeSteps: 100, rewardThreshold: 0.70,
                            factory: builtin(BuiltinMaps.frozenLake4x4, "FrozenLake 4x4", frozenLakeOptions(slippery: true))),
            EnvironmentSpec(id: "FrozenLake-v1-nonslippery", summary: "FrozenLake 4x4 with is_slippery=False",
                            maxEpisodeSteps: 100, rewardThreshold: 0.70,
                            factory: builtin(BuiltinMaps.frozenLake4x4, "FrozenLake 4x4", frozenLakeOptions(slippery: false))),
            EnvironmentSpec(id: "FrozenLake8x8-v1", summary: "Cross a slippery frozen lake, 8x8 (Gymnasium FrozenLake8x8-v1)",
                            maxEpisodeSteps: 200, rewardThreshold: 0.85,
                            factory: builtin(BuiltinMaps.frozenLake8x8, "FrozenLake 8x8", frozenLakeOptions(slippery: true))),
            EnvironmentSpec(id: "FrozenLake8x8-v1-nonslippery", summary: "FrozenLake 8x8 with is_slippery=False",
                            maxEpisodeSteps: 200, rewardThreshold: 0.85,
                            factory: builtin(BuiltinMaps.frozenLake8x8, "FrozenLake 8x8", frozenLakeOptions(slippery: false))),
            EnvironmentSpec(id: "CliffWalking-v0", summary: "Walk along a cliff edge, 4x12 (Gymnasium CliffWalking-v0)",
                            maxEpisodeSteps: 200, rewardThreshold: nil,
                            factory: builtin(BuiltinMaps.cliffWalking, "CliffWalking", cliffWalkingOptions)),
            EnvironmentSpec(id: "GridWorld-open", summary: "Reach the far corner of an open room around a pillar",
                            maxEpisodeSteps: 100, rewardThreshold: 0.85,
                            factory: builtin(BuiltinMaps.openRoom, "open room", Options(stepReward: -0.01, goalReward: 1))),
            EnvironmentSpec(id: "gridworld", summary: "A grid world from your own map file (--map FILE)",
                            maxEpisodeSteps: 500, rewardThreshold: nil) { options in
                guard let path = options.mapFile else { throw GridWorldError.missingMapFile }
                return GridWorld(map: try loadMap(contentsOfFile: path), options: frozenLakeOptions(slippery: false))
            },
        ]
    }
}
