import Testing
import TestSupport
@testable import DojoRL

@Suite("EnvironmentChecker")
struct EnvironmentCheckerTests {
    @Test("a correct environment passes every check")
    func clean() {
        let report = EnvironmentChecker(Counter()).run()
        #expect(report.problems == [])
        #expect(report.result("step after end")?.status == .passed)
        #expect(report.result("render")?.status == .skipped)
        #expect(environmentConformanceProblems(Counter()) == [])
        #expect(environmentConformanceProblems(Walk()) == [])
    }

    @Test("an observation outside the space is reported with its step and value")
    func outside() {
        let report = EnvironmentChecker(Counter(outsideAtStep: 3)).run()
        let problems = report.result("step")?.problems ?? []
        #expect(report.result("step")?.status == .failed)
        #expect(problems.first?.contains("step 3 of episode 1") == true)
        #expect(problems.first?.contains("observation 42, outside the observation space Discrete(10)") == true)
    }

    @Test("nondeterminism under the same seed is reported at the first differing step")
    func nondeterministic() {
        let report = EnvironmentChecker(Counter(nondeterminism: Ticker())).run()
        #expect(report.result("determinism")?.status == .failed)
        let message = report.result("determinism")?.problems.first ?? ""
        #expect(message.contains("step 1 after reset(seed: 0)"))
        #expect(message.contains("the first time"))
    }

    @Test("a NaN reward is reported")
    func nanReward() {
        let report = EnvironmentChecker(Counter(nanRewardAtStep: 4)).run()
        #expect(report.result("step")?.problems.first?.contains("step 4 of episode 1 (action") == true)
        #expect(report.result("step")?.problems.first?.contains("reward nan") == true)
    }

    @Test("a step after termination accepted silently is reported; OrderEnforcing fixes it")
    func stepAfterEnd() {
        let report = EnvironmentChecker(Counter(continuesAfterEnd: true)).run()
        #expect(report.result("step after end")?.status == .failed)
        let message = report.result("step after end")?.problems.first ?? ""
        #expect(message.contains("terminated at step 5, yet step 6 without reset was accepted without complaint"))
        #expect(!report.passed)

        let wrapped = EnvironmentChecker(OrderEnforcing(Counter(continuesAfterEnd: true))).run()
        #expect(wrapped.result("step after end")?.status == .passed)
        #expect(wrapped.result("step after end")?.note.contains("refused") == true)
    }

    @Test("a registration list with a duplicate id is reported, and the registry refuses it")
    func duplicateID() {
        let spec = EnvironmentSpec(id: "Counter-v0") { _ in Counter() }
        let problems = EnvironmentRegistry.problems(in: [spec, spec])
        #expect(problems == ["environment id 'Counter-v0' is registered 2 times (entries 0, 1)"])
        #expect(throws: RegistryError.duplicateID("Counter-v0")) { try EnvironmentRegistry([spec, spec]) }
        #expect(EnvironmentRegistry.problems(in: [spec]) == [])
    }

    @Test("registry make wraps in TimeLimit and OrderEnforcing")
    func make() throws {
        let registry = try EnvironmentRegistry([EnvironmentSpec(id: "Counter-v0", maxEpisodeSteps: 7) { _ in Counter() }])
        let env = try registry.make("Counter-v0")
        #expect(env is OrderEnforcing<TimeLimit<Counter>>)
        #expect(try registry.make("Counter-v0", enforceOrder: false) is TimeLimit<Counter>)
        #expect(throws: RegistryError.self) { try registry.make("Nope") }
    }
}
