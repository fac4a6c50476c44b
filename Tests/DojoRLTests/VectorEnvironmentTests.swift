import Testing
@testable import DojoRL

@Suite("VectorEnvironment")
struct VectorEnvironmentTests {
    @Test("same-step auto-reset keeps the final observation and starts the next episode in the same call")
    func autoReset() {
        var vector = VectorEnvironment([Counter(episodeLength: 2), Counter(episodeLength: 3)])
        vector.reset(seed: 0)
        #expect(vector.featureCount == 10)
        #expect(Array(vector.observation(0)) == oneHot(0) && Array(vector.observation(1)) == oneHot(0))
        vector.step([0, 1])
        #expect(Array(vector.observation(0)) == oneHot(1) && vector.terminated == [false, false])
        vector.step([0, 1])
        // Copy 0 ended at observation 2 and was reset to 0; copy 1 goes on.
        #expect(vector.terminated == [true, false] && vector.truncated == [false, false])
        #expect(Array(vector.finalObservation(0)) == oneHot(2))
        #expect(Array(vector.observation(0)) == oneHot(0))
        #expect(Array(vector.observation(1)) == oneHot(2))
        #expect(vector.finishedReturns[0] == 2 && vector.finishedLengths[0] == 2 && vector.finishedEpisodes == 1)
        #expect(vector.episodeLengths == [0, 2])
        vector.step([0, 0])
        #expect(vector.terminated == [false, true] && vector.rewards == [1, 1])
        #expect(Array(vector.finalObservation(1)) == oneHot(3) && Array(vector.observation(1)) == oneHot(0))
        #expect(vector.totalSteps == 6 && vector.finishedEpisodes == 2)
    }

    @Test("copy i is reset with seed + i and rows hold its encoded observation")
    func seeding() {
        var vector = VectorEnvironment(copying: Walk(), count: 3)
        vector.reset(seed: 10)
        for i in 0..<3 {
            var single = Walk()
            let first = single.reset(seed: 10 + UInt64(i))
            #expect(Array(vector.observation(i)) == first)
        }
        vector.step(actionIndices: [2, 1, 0])
        #expect(vector.rewards == [2, 1, 0])
        #expect(vector.observation(0).last == 2)
    }

    private func oneHot(_ i: Int) -> [Float] {
        var v = [Float](repeating: 0, count: 10)
        v[i] = 1
        return v
    }
}
