import Catch
import DojoRandom
import DojoRL
import DojoScene
import Testing

@Suite("Catch")
struct CatchTests {
    /// A seed whose first ball falls in `column`, found by trying seeds in order.
    func seed(forColumn column: Int) -> UInt64 {
        var env = Catch()
        for seed in UInt64(0)..<1_000 where env.reset(seed: seed)[0] == Float(column) / 4 { return seed }
        Issue.record("no seed in 0..<1000 starts the ball in column \(column)")
        return 0
    }

    @Test("reset puts the ball on the top row and the paddle in the middle, reproducibly per seed")
    func reset() {
        var env = Catch()
        let first = env.reset(seed: 7)
        #expect(first[1] == 1 && first[2] == 0.5)
        #expect(env.ballY == 7 && env.paddleX == 2)
        #expect(first[0] == Float(env.ballX) / 4)
        #expect(env.reset(seed: 7) == first)
        var columns = Set<Int>()
        for _ in 0..<100 { _ = env.reset(seed: nil); columns.insert(env.ballX) }
        #expect(columns == [0, 1, 2, 3, 4])
    }

    @Test("the paddle moves one column per step and stops at the walls; the ball falls one row")
    func moves() {
        var env = Catch()
        _ = env.reset(seed: 0)
        let right = env.step(2)
        #expect(right.observation[2] == 0.75 && right.observation[1] == Float(6) / 7)
        _ = env.step(2)
        let blocked = env.step(2)
        #expect(env.paddleX == 4 && blocked.observation[2] == 1)
        _ = env.step(1)
        #expect(env.paddleX == 4 && env.ballY == 3)
        _ = env.step(0)
        #expect(env.paddleX == 3)
    }

    @Test("following the ball catches it (+1 after 7 steps); running away misses it (-1)")
    func catchAndMiss() {
        var env = Catch()
        _ = env.reset(seed: seed(forColumn: 0))
        var steps = 0
        var last: Step<[Float]>
        repeat {
            last = env.step(env.ballX < env.paddleX ? 0 : env.ballX > env.paddleX ? 2 : 1)
            steps += 1
            #expect(steps == 7 || (last.reward == 0 && !last.terminated))
        } while !last.terminated
        #expect(steps == 7 && last.reward == 1 && !last.truncated)

        _ = env.reset(seed: seed(forColumn: 0))
        var total = 0.0
        for _ in 0..<7 { total += env.step(2).reward }
        #expect(total == -1 && env.isOver)
    }

    @Test("a step after termination changes nothing, stays terminated and earns 0")
    func absorbing() {
        var env = Catch()
        _ = env.reset(seed: 3)
        var last = env.step(1)
        while !last.terminated { last = env.step(1) }
        let extra = env.step(2)
        #expect(extra.terminated && extra.reward == 0 && extra.observation == last.observation)
    }

    @Test("a random paddle's mean return is 2/W - 1 = -0.6 (it catches 1 ball in W)")
    func randomBaseline() {
        var env = Catch()
        var rng = SeededGenerator(seed: 1)
        let episodes = 20_000
        var total = 0.0
        _ = env.reset(seed: 1)
        for _ in 0..<episodes {
            var step = env.step(env.actionSpace.sample(using: &rng))
            while !step.terminated { step = env.step(env.actionSpace.sample(using: &rng)) }
            total += step.reward
            _ = env.reset(seed: nil)
        }
        // One episode's return is ±1 with P(+1) = 1/5: standard deviation 2·sqrt(0.2·0.8) = 0.8, so
        // the mean of 20,000 has a standard deviation of 0.0057; 0.03 is over 5 of them.
        #expect(abs(total / Double(episodes) - (-0.6)) < 0.03)
    }

    @Test("render draws three walls, the paddle in the bottom row and the ball in its cell")
    func render() {
        var env = Catch()
        _ = env.reset(seed: 4)
        let scene = env.render()
        #expect(scene.world == Rect(x: -0.2, y: 0, width: 5.4, height: 8.2))
        #expect(scene.primitives.count == 5)
        #expect(scene.primitives.contains(.rect(Rect(x: 2.05, y: 0.05, width: 0.9, height: 0.3), Color(235, 235, 235))))
        #expect(scene.primitives.contains(.circle(center: Point(Float(env.ballX) + 0.5, 7.5), radius: 0.35, filled: true,
                                                  Color(230, 80, 70))))
    }

    @Test("the environment checker passes Catch, raw and as the registry makes it")
    func checker() throws {
        #expect(EnvironmentChecker(Catch()).run().problems == [])
        func check<E: Environment>(_ env: E) -> [String] { EnvironmentChecker(env).run().problems }
        #expect(check(try Catch.spec.make()) == [])
    }
}
