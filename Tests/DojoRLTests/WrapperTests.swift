import Testing
@testable import DojoRL

@Suite("Wrappers")
struct WrapperTests {
    @Test("TimeLimit truncates on exactly the limit-th step and reports both flags when both hold")
    func timeLimit() {
        var env = TimeLimit(Counter(episodeLength: 100), maxEpisodeSteps: 3)
        _ = env.reset(seed: 0)
        #expect(!env.step(0).truncated)
        #expect(!env.step(0).truncated)
        let third = env.step(0)
        #expect(third.truncated && !third.terminated)
        _ = env.reset(seed: nil)
        #expect(env.elapsedSteps == 0)

        var both = TimeLimit(Counter(episodeLength: 2), maxEpisodeSteps: 2)
        _ = both.reset(seed: 0)
        _ = both.step(0)
        let last = both.step(0)
        #expect(last.terminated && last.truncated)
    }

    @Test("EpisodeStatistics keeps the running and the last finished episode")
    func statistics() {
        var env = EpisodeStatistics(Counter(episodeLength: 3))
        _ = env.reset(seed: 0)
        _ = env.step(0)
        #expect(env.episodeReturn == 1 && env.episodeLength == 1 && env.lastEpisodeReturn == nil)
        _ = env.step(0)
        _ = env.step(0)
        #expect(env.lastEpisodeReturn == 3 && env.lastEpisodeLength == 3 && env.finishedEpisodes == 1)
        _ = env.reset(seed: nil)
        _ = env.step(1)
        #expect(env.episodeReturn == 1 && env.lastEpisodeReturn == 3)
    }

    @Test("OrderEnforcing records a step after the end and repeats the final step with reward 0")
    func orderAfterEnd() {
        var env = OrderEnforcing(Counter(continuesAfterEnd: true, episodeLength: 2))
        _ = env.reset(seed: 0)
        _ = env.step(0)
        let end = env.step(0)
        #expect(end.terminated && env.orderViolationCount == 0)
        let extra = env.step(0)
        #expect(extra.terminated && extra.reward == 0 && extra.observation == end.observation)
        #expect(env.orderViolationCount == 1)
        #expect(env.lastOrderViolation == .stepAfterEpisodeEnd(terminated: true, truncated: false, episodeLength: 2))
        #expect(env.lastOrderViolation.map { "\($0)" }?.contains("without reset") == true)
        #expect(env.base.count == 2, "the wrapped environment must not have been stepped")
        _ = env.reset(seed: nil)
        #expect(env.step(0).reward == 1 && env.orderViolationCount == 1)
    }

    @Test("OrderEnforcing records a step before reset and resets first")
    func orderBeforeReset() {
        var env = OrderEnforcing(Counter())
        let result = env.step(1)
        #expect(env.lastOrderViolation == .stepBeforeReset)
        #expect(result.observation == 1)
    }

    @Test("OrderEnforcing sees TimeLimit's truncation when outermost, and reports through other wrappers")
    func orderWithTimeLimit() {
        var env = EpisodeStatistics(OrderEnforcing(TimeLimit(Counter(episodeLength: 100), maxEpisodeSteps: 2)))
        _ = env.reset(seed: 0)
        _ = env.step(0)
        #expect(env.step(0).truncated)
        _ = env.step(0)
        #expect(env.orderViolationCount == 1)
        #expect(env.lastOrderViolation == .stepAfterEpisodeEnd(terminated: false, truncated: true, episodeLength: 2))
    }
}
