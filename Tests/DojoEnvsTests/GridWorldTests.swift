import DojoRL
import DojoRandom
import DojoScene
import Foundation
import Testing
import TestSupport
@testable import DojoEnvs

@Suite("GridWorld")
struct GridWorldTests {
    static func frozenLake(slippery: Bool) throws -> GridWorld {
        GridWorld(map: try GridMap(parsing: BuiltinMaps.frozenLake4x4), options: GridWorld.frozenLakeOptions(slippery: slippery))
    }

    @Test("a slippery step goes the intended way or either perpendicular way, 1/3 each (Gymnasium's P)")
    func slipperyModel() throws {
        let env = try Self.frozenLake(slippery: true)
        // Gymnasium: P[6][1] == [(1/3, 5, 0, True), (1/3, 10, 0, False), (1/3, 7, 0, True)].
        let p = env.transitions[6][1]
        #expect(p.map(\.nextState) == [5, 10, 7])
        #expect(p.map(\.terminated) == [true, false, true])
        #expect(p.allSatisfy { abs($0.probability - 1.0 / 3) < 1e-15 && $0.reward == 0 })
        // Right from the start: down (4), right (1) or up against the edge (stays at 0).
        #expect(env.transitions[0][2].map(\.nextState) == [4, 1, 0])
        // The goal is absorbing.
        #expect(env.transitions[15][0] == [GridWorld.Transition(probability: 1, nextState: 15, reward: 0, terminated: true)])
    }

    @Test("sampled slips follow the model's probabilities")
    func slipperySampling() throws {
        var env = try Self.frozenLake(slippery: true)
        _ = env.reset(seed: 4)
        var counts = [Int: Int]()
        let n = 30_000
        for _ in 0..<n {
            env.state = 0
            counts[env.step(2).observation, default: 0] += 1
        }
        #expect(counts.keys.sorted() == [0, 1, 4])
        for (_, c) in counts { #expect(abs(Double(c) / Double(n) - 1.0 / 3) < 0.015) }
    }

    @Test("non-slippery FrozenLake: the path right, right, down, down, down, right earns 1 at the goal")
    func nonSlipperyPath() throws {
        var env = try Self.frozenLake(slippery: false)
        _ = env.reset(seed: 0)
        let path = [2, 2, 1, 1, 1, 2]
        var states: [Int] = []
        var last: Step<Int>?
        for a in path { last = env.step(a); states.append(last!.observation) }
        #expect(states == [1, 2, 6, 10, 14, 15])
        #expect(last?.reward == 1 && last?.terminated == true)
        _ = env.reset(seed: 0)
        #expect(env.step(1).observation == 4)
        let hole = env.step(2)  // into H at 5
        #expect(hole.observation == 5 && hole.terminated && hole.reward == 0)
        _ = env.reset(seed: 0)
        let edge = env.step(0)  // left against the edge stays put
        #expect(edge.observation == 0 && !edge.terminated)
    }

    @Test("CliffWalking: the cliff costs 100 and sends back to the start without ending; the goal ends at -1")
    func cliff() throws {
        var env = GridWorld(map: try GridMap(parsing: BuiltinMaps.cliffWalking), options: GridWorld.cliffWalkingOptions)
        #expect(env.reset(seed: 0) == 36)
        let fall = env.step(1)  // right, into the cliff
        #expect(fall.observation == 36 && fall.reward == -100 && !fall.terminated)
        let up = env.step(0)
        #expect(up.observation == 24 && up.reward == -1)
        env.state = 35
        let goal = env.step(2)  // down into G
        #expect(goal.observation == 47 && goal.reward == -1 && goal.terminated)
        // Gymnasium: P[24][2] after stepping down from (1,0)... the row above the start: (-1, 36, False)
        #expect(env.transitions[24][2] == [GridWorld.Transition(probability: 1, nextState: 36, reward: -1, terminated: false)])
        #expect(env.transitions[25][2] == [GridWorld.Transition(probability: 1, nextState: 36, reward: -100, terminated: false)])
    }

    @Test("walls stop a move; the agent stays and pays the step reward")
    func walls() throws {
        var env = GridWorld(map: try GridMap(parsing: "#####\n#S#G#\n#...#\n#####"), options: .init(stepReward: -0.5))
        #expect(env.reset(seed: 0) == 6)
        for action in [0, 2, 3] {  // left, right, up: all walls
            let result = env.step(action)
            #expect(result.observation == 6 && result.reward == -0.5)
        }
        #expect(env.step(1).observation == 11)
    }

    @Test("the registry's time limit truncates FrozenLake at step 100 exactly")
    func timeLimit() throws {
        var env = try EnvironmentRegistry(BuiltinEnvironments.specs).make("FrozenLake-v1-nonslippery")
        func run<E: Environment>(_ env: inout E) -> Int? where E.Action == Int {
            _ = env.reset(seed: 0)
            for t in 1...150 {
                let r = env.step(0)  // left into the edge forever
                if r.terminated { return nil }
                if r.truncated { return t }
            }
            return nil
        }
        func open<E: Environment>(_ env: inout E) -> Int? {
            guard var e = env as? OrderEnforcing<TimeLimit<GridWorld>> else { return nil }
            return run(&e)
        }
        #expect(open(&env) == 100)
    }

    @Test("value iteration over the exposed model gives FrozenLake 4x4's optimal values (gamma 0.99)")
    func valueIteration() throws {
        let env = try Self.frozenLake(slippery: true)
        let gamma = 0.99
        var v = [Double](repeating: 0, count: 16)
        var q = [[Double]](repeating: [0, 0, 0, 0], count: 16)
        for _ in 0..<10_000 {
            var delta = 0.0
            for s in 0..<16 {
                for a in 0..<4 {
                    q[s][a] = env.transitions[s][a].reduce(0) { sum, t in
                        sum + t.probability * (t.reward + (t.terminated ? 0 : gamma * v[t.nextState]))
                    }
                }
                let best = q[s].max()!
                delta = max(delta, abs(best - v[s]))
                v[s] = best
            }
            if delta < 1e-12 { break }
        }
        // Computed once locally by the same iteration over Gymnasium 1.x's FrozenLake-v1 `P`.
        let reference = [0.542026, 0.498803, 0.470696, 0.456852, 0.558451, 0.0, 0.358348, 0.0,
                         0.591799, 0.64308, 0.615208, 0.0, 0.0, 0.74172, 0.862837, 0.0]
        for s in 0..<16 { #expect(abs(v[s] - reference[s]) < 2e-6, "V(\(s)) = \(v[s]), expected \(reference[s])") }
        let greedy = (0..<16).map { s in q[s].indices.max { q[s][$0] < q[s][$1] }! }
        #expect(Array(greedy[0..<4]) == [0, 3, 3, 3])
    }

    @Test("renders tiles and the agent; the overlay adds value colours and one arrow per open cell")
    func render() throws {
        var env = try Self.frozenLake(slippery: false)
        _ = env.reset(seed: 0)
        let plain = env.render()
        #expect(plain.world == Rect(x: 0, y: 0, width: 4, height: 4))
        #expect(plain.primitives.filter { if case .rect = $0 { return true } else { return false } }.count == 16)
        guard case .circle(let center, _, true, _) = plain.primitives.last else { Issue.record("no agent"); return }
        #expect(center == Point(0.5, 3.5))  // row 0 is drawn at the top
        let values = (0..<16).map { Float($0) }
        let overlay = env.render(values: values, greedyActions: Array(repeating: 2, count: 16))
        let arrows = overlay.primitives.filter { if case .polygon = $0 { return true } else { return false } }
        #expect(arrows.count == 11)  // 16 cells minus 4 holes and the goal
        // The scale spans the cells acted from (values 0...14: the goal, 15, and the holes are left out).
        #expect(overlay.primitives.contains(.rect(Rect(x: 1.03, y: 3.03, width: 0.94, height: 0.94), GridWorld.valueColor(1, low: 0, high: 14))))
        // The goal (row 3, column 3, drawn at the bottom right) keeps its own colour.
        #expect(overlay.primitives.contains(.rect(Rect(x: 3.03, y: 0.03, width: 0.94, height: 0.94), GridWorld.goalColor)))
    }

    @Test("the gridworld id needs --map and reads a user's file, naming it in errors")
    func mapFile() throws {
        let registry = try EnvironmentRegistry(BuiltinEnvironments.specs)
        #expect(throws: GridWorldError.missingMapFile) { try registry.make("gridworld") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-gridworld-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("room.txt")
        try "S.\n.G\n".write(to: good, atomically: true, encoding: .utf8)
        let env = try registry.make("gridworld", options: EnvironmentOptions(mapFile: good.path))
        #expect("\(env.observationSpace)" == "Discrete(4)")
        let bad = dir.appendingPathComponent("bad.txt")
        try "S.\n.Gx\n".write(to: bad, atomically: true, encoding: .utf8)
        let error = try #require(throws: GridMapError.self) { try registry.make("gridworld", options: EnvironmentOptions(mapFile: bad.path)) }
        #expect(error.description.hasPrefix("\(bad.path): line 2, column 3"))
        #expect(throws: GridWorldError.self) {
            try registry.make("gridworld", options: EnvironmentOptions(mapFile: dir.appendingPathComponent("missing.txt").path))
        }
    }

    @Test("coordinate observations are (row, column) scaled to [0, 1]")
    func coordinates() throws {
        var env = GridCoordinates(try Self.frozenLake(slippery: false))
        #expect(env.reset(seed: 0) == SIMD2(0, 0))
        #expect(env.step(1).observation == SIMD2(1.0 / 3, 0))
        #expect(environmentConformanceProblems(env) == [])
    }
}

@Suite("Built-in environments")
struct BuiltinEnvironmentTests {
    @Test("every built-in id passes the conformance checks", arguments: BuiltinEnvironments.specs.map(\.id).filter { $0 != "gridworld" })
    func conformance(_ id: String) throws {
        // The raw environment; the helper also checks it inside OrderEnforcing(TimeLimit(...)).
        let env = try EnvironmentRegistry(BuiltinEnvironments.specs).spec(id).factory(EnvironmentOptions())
        func problems<E: Environment>(_ e: E) -> [String] { environmentConformanceProblems(e) }
        #expect(problems(env) == [])
    }

    @Test("the registry lists the Gymnasium ids with their limits and thresholds")
    func registry() throws {
        let registry = try EnvironmentRegistry(BuiltinEnvironments.specs)
        #expect(EnvironmentRegistry.problems(in: BuiltinEnvironments.specs) == [])
        let expected: [(String, Int?, Double?)] = [
            ("CartPole-v1", 500, 475), ("FrozenLake-v1", 100, 0.70), ("FrozenLake8x8-v1", 200, 0.85),
            ("CliffWalking-v0", 200, nil),
        ]
        for (id, steps, threshold) in expected {
            let spec = try registry.spec(id)
            #expect(spec.maxEpisodeSteps == steps && spec.rewardThreshold == threshold, "\(id)")
        }
    }
}
