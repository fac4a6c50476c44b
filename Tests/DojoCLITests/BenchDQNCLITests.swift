import Foundation
import Testing

/// `dojo bench dqn` as a script reads it: one JSON object with the keys.
@Suite("dojo bench dqn")
struct BenchDQNCLITests {
    @Test("--json prints one object with wall time, steps/s, evaluation mean and the repeat count")
    func jsonLine() throws {
        let scratch = try Scratch()
        let result = try scratch.dojo(["bench", "dqn", "--preset", "frozenlake-dqn", "--steps", "3000",
                                       "--seed", "4", "--repeats", "3", "--json"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.outLines.count == 1, "\(result.out)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["bench"] as? String == "dqn")
        #expect(object["preset"] as? String == "frozenlake-dqn")
        #expect(object["seed"] as? Int == 4)
        #expect(object["repeats"] as? Int == 3)
        let wall = try #require(object["wall_s"] as? Double)
        let stepsPerSecond = try #require(object["steps_per_s"] as? Double)
        #expect(wall > 0)
        // steps_per_s is the 3000 steps over the (median) wall time; wall_s is printed to 1 ms.
        #expect(abs(stepsPerSecond * wall - 3000) <= 3000 * 0.0005 / wall + 1, "\(stepsPerSecond) steps/s x \(wall) s")
        #expect((object["gradient_steps"] as? Int ?? 0) > 0)
        let mean = try #require(object["eval_mean"] as? Double)
        #expect(mean >= 0 && mean <= 1, "FrozenLake returns are 0 or 1")
    }

    @Test("--repeats 0 is refused with one line naming the option")
    func zeroRepeats() throws {
        let scratch = try Scratch()
        let result = try scratch.dojo(["bench", "dqn", "--repeats", "0"])
        #expect(result.status != 0)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("--repeats"), "\(result.err)")
    }
}
