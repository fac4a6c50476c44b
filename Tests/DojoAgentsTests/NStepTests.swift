import DojoAgents
import Testing

@Suite("n-step returns")
struct NStepTests {
    struct Emitted: Equatable {
        var start: Float
        var action: Int
        var reward: Float
        var next: Float
        var discount: Float
    }

    /// Feeds rewards 1, 2, 3, ... with observation t at step t; returns what came out after each step.
    func run(n: Int, gamma: Float, steps: Int, terminateAt: Int? = nil, truncateAt: Int? = nil) -> [[Emitted]] {
        var acc = NStepAccumulator(n: n, gamma: gamma, observationSize: 1)
        var out: [[Emitted]] = []
        for t in 0..<steps {
            var emitted: [Emitted] = []
            let obs: [Float] = [Float(t)], next: [Float] = [Float(t + 1)]
            obs.withUnsafeBufferPointer { o in
                next.withUnsafeBufferPointer { nx in
                    acc.push(observation: o, action: t, reward: Float(t + 1), nextObservation: nx,
                             terminated: t == terminateAt, truncated: t == truncateAt) { s, a, r, s2, d in
                        emitted.append(Emitted(start: s[0], action: a, reward: r, next: s2[0], discount: d))
                    }
                }
            }
            out.append(emitted)
        }
        return out
    }

    @Test("n = 1 gives ordinary transitions with discount gamma")
    func oneStep() {
        let out = run(n: 1, gamma: 0.9, steps: 3)
        #expect(out[1] == [Emitted(start: 1, action: 1, reward: 2, next: 2, discount: 0.9)])
    }

    @Test("n = 3 sums three discounted rewards and bootstraps with gamma^3")
    func threeStep() {
        let out = run(n: 3, gamma: 0.5, steps: 4)
        #expect(out[0].isEmpty && out[1].isEmpty)
        // From s0: 1 + 0.5*2 + 0.25*3 = 2.75, next s3, d = 0.125.
        #expect(out[2] == [Emitted(start: 0, action: 0, reward: 2.75, next: 3, discount: 0.125)])
        // From s1: 2 + 0.5*3 + 0.25*4 = 4.5, next s4.
        #expect(out[3] == [Emitted(start: 1, action: 1, reward: 4.5, next: 4, discount: 0.125)])
    }

    @Test("termination flushes every pending start with discount 0")
    func terminationFlush() {
        let out = run(n: 3, gamma: 0.5, steps: 2, terminateAt: 1)
        #expect(out[1] == [
            Emitted(start: 0, action: 0, reward: 2, next: 2, discount: 0),  // 1 + 0.5*2
            Emitted(start: 1, action: 1, reward: 2, next: 2, discount: 0),
        ])
    }

    @Test("truncation flushes with gamma^k and keeps bootstrapping")
    func truncationFlush() {
        let out = run(n: 3, gamma: 0.5, steps: 2, truncateAt: 1)
        #expect(out[1] == [
            Emitted(start: 0, action: 0, reward: 2, next: 2, discount: 0.25),
            Emitted(start: 1, action: 1, reward: 2, next: 2, discount: 0.5),
        ])
    }
}

@Suite("Linear schedule")
struct LinearScheduleTests {
    @Test("moves from start to end over the fraction, then holds", arguments: [
        (0, 1.0), (80, 0.52), (160, 0.04), (161, 0.04), (1000, 0.04),
    ])
    func values(step: Int, expected: Double) {
        let schedule = LinearSchedule(start: 1, end: 0.04, fraction: 0.16, totalSteps: 1000)
        #expect(abs(schedule.value(atStep: step) - expected) < 1e-12)
    }
}
