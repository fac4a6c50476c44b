import Catch
import DojoAgents
import DojoCLI
import DojoRL
import Testing

// The mistakes a user makes when writing an environment, each introduced on purpose in a test
// double built from Catch, and the clear message each one gets.

/// Mistake: observations outside the declared space. Declares Box(3, [0, 1]) like Catch but
/// returns the ball's row unscaled (0...7).
struct UnscaledCatch: Environment {
    var game = Catch()
    var observationSpace: Box<[Float]> { game.observationSpace }
    var actionSpace: Discrete { game.actionSpace }
    mutating func reset(seed: UInt64?) -> [Float] { unscaled(game.reset(seed: seed)) }
    mutating func step(_ action: Int) -> Step<[Float]> {
        var step = game.step(action)
        step.observation = unscaled(step.observation)
        return step
    }
    func unscaled(_ o: [Float]) -> [Float] { [o[0], Float(game.ballY), o[2]] }
}

/// Mistake: stepping on after the end. A step after termination drops a new ball and plays on,
/// paying rewards in an episode that is over.
struct EndlessCatch: Environment {
    var game = Catch()
    var observationSpace: Box<[Float]> { game.observationSpace }
    var actionSpace: Discrete { game.actionSpace }
    mutating func reset(seed: UInt64?) -> [Float] { game.reset(seed: seed) }
    mutating func step(_ action: Int) -> Step<[Float]> {
        if game.isOver { _ = game.reset(seed: nil) }
        return game.step(action)
    }
}

/// Not a mistake in the environment, but one DQN cannot train: a continuous paddle speed.
struct SlidingCatch: Environment {
    var game = Catch()
    var observationSpace: Box<[Float]> { game.observationSpace }
    let actionSpace = Box(count: 1, low: -1, high: 1)
    mutating func reset(seed: UInt64?) -> [Float] { game.reset(seed: seed) }
    mutating func step(_ action: [Float]) -> Step<[Float]> { game.step(action[0] < -0.33 ? 0 : action[0] > 0.33 ? 2 : 1) }
}

@Suite("User mistakes")
struct MistakeTests {
    @Test("a duplicate id, or one a built-in has, is one clear error before any command runs")
    func duplicateID() {
        #expect(throws: Never.self) { try DojoTool.registry(adding: [Catch.spec]) }
        #expect(throws: (any Error).self) { try DojoTool.registry(adding: [Catch.spec, Catch.spec]) }
        do {
            _ = try DojoTool.registry(adding: [Catch.spec, Catch.spec])
        } catch {
            #expect("\(error)" == "environment id 'Catch-v0' is registered 2 times; register each environment once")
        }
        var clash = Catch.spec
        clash.id = "CartPole-v1"
        do {
            _ = try DojoTool.registry(adding: [Catch.spec, clash])
            Issue.record("a clash with a built-in id was accepted")
        } catch {
            #expect("\(error)" == "environment id 'CartPole-v1' is already taken by a built-in environment; give yours another id")
            #expect(!"\(error)".contains("\n"))
        }
        // check-env's "registration" check finds it too.
        #expect(EnvironmentRegistry.problems(in: [Catch.spec, Catch.spec])
                == ["environment id 'Catch-v0' is registered 2 times (entries 0, 1)"])
    }

    @Test("observations outside the declared space are reported with the step and the value")
    func outsideSpace() {
        let report = EnvironmentChecker(UnscaledCatch()).run()
        #expect(!report.passed)
        var probe = Catch()
        let column = probe.reset(seed: 0)[0]
        #expect(report.result("reset")?.problems.first
                == "reset(seed: 0) returned [\(column), 7.0, 0.5], outside the observation space Box(3, [0.0, 1.0])")
        let step = report.result("step")?.problems.first ?? ""
        #expect(step.hasPrefix("step 1 of episode 1 (action"))
        #expect(step.contains(", 6.0, ") && step.contains("outside the observation space Box(3, [0.0, 1.0])"))
    }

    @Test("a step after termination that plays on is reported; the registry's OrderEnforcing refuses it")
    func stepAfterEnd() throws {
        let report = EnvironmentChecker(EndlessCatch()).run()
        #expect(report.result("step after end")?.status == .failed)
        #expect(report.result("step after end")?.problems.first?
            .contains("the episode terminated at step 7, yet step 8 without reset was accepted without complaint") == true)

        // Registered, it is made inside OrderEnforcing: the extra step is refused and named.
        let spec = EnvironmentSpec(id: "EndlessCatch-v0") { _ in EndlessCatch() }
        var env = OrderEnforcing(EndlessCatch())
        #expect(try spec.make() is OrderEnforcing<EndlessCatch>)
        _ = env.reset(seed: 0)
        for _ in 0..<7 { _ = env.step(1) }
        let extra = env.step(1)
        #expect(extra.terminated && extra.reward == 0)
        #expect(env.orderViolationCount == 1)
        #expect(env.lastOrderViolation?.description
                == "step was called after the episode ended (terminated at step 7) without reset; call reset(seed:) before stepping again")
    }

    @Test("DQN refuses an action space it cannot use, naming the space")
    func unsupportedSpace() {
        var config = DQNConfig()
        config.env = "SlidingCatch-v0"
        #expect(throws: TrainingError.unsupportedActionSpace("Box(1, [-1.0, 1.0])")) {
            try DQNTrainer(config: config, env: SlidingCatch())
        }
        #expect(TrainingError.unsupportedActionSpace("Box(1, [-1.0, 1.0])").description
                == "DQN needs a discrete action space; this environment's action space is Box(1, [-1.0, 1.0])")
    }
}
