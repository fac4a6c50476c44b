import DojoNN
import Foundation
import Testing
@testable import DojoCLI

@Suite("EvalReport")
struct EvalReportRunTests {
    @Test("statistics by hand: population std, min, max, mean length")
    func statistics() {
        // returns 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population variance 4 -> std 2.
        let returns: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        let report = EvalReport(env: "X-v0", seed: 3, results: returns.enumerated().map { ($1, $0 + 1) })
        #expect(report.episodes == 8)
        #expect(report.meanReturn == 5)
        #expect(report.stdReturn == 2)
        #expect(report.minReturn == 2 && report.maxReturn == 9)
        #expect(report.meanLength == 4.5)
    }

    @Test("a non-finite episode return is an error naming the episode, not a trap")
    func nonFinite() throws {
        for bad in [Double.infinity, -.infinity, .nan] {
            #expect(throws: CommandError.self) { try EvalReport(checking: [(1, 1), (bad, 2)], env: "X-v0", seed: 0) }
            do {
                _ = try EvalReport(checking: [(1, 1), (bad, 2)], env: "X-v0", seed: 0)
            } catch {
                #expect("\(error)".hasPrefix("X-v0: evaluation episode 2 returned"), "\(error)")
            }
        }
        let fine = try EvalReport(checking: [(1, 1), (3, 2)], env: "X-v0", seed: 0)
        #expect(fine == EvalReport(env: "X-v0", seed: 0, results: [(1, 1), (3, 2)]))
    }

    @Test("JSON has exactly the documented keys, sorted, one object")
    func json() throws {
        let report = EvalReport(env: "CartPole-v1", seed: 0, results: [(500, 500), (499.5, 499)])
        #expect(report.json() == #"{"env":"CartPole-v1","episodes":2,"max_return":500,"mean_length":499.5,"mean_return":499.75,"min_return":499.5,"seed":0,"std_return":0.25}"#)
        let noSeed = EvalReport(env: "E", results: [(1, 1)])
        let object = try JSONSerialization.jsonObject(with: Data(noSeed.json(pretty: true).utf8)) as? [String: Any]
        #expect(object.map { Set($0.keys) } == ["env", "episodes", "mean_return", "std_return", "min_return",
                                                "max_return", "mean_length"])
    }

    @Test("eval.json round-trips through a file")
    func file() throws {
        let path = makeScratchDirectory() + "/eval.json"
        let report = EvalReport(env: "FrozenLake-v1", seed: 7, results: [(1, 6), (0, 100), (1, 8)])
        try AtomicFile.write(report.json(pretty: true) + "\n", to: path)
        #expect(try EvalReport.read(path) == report)
    }

    @Test("summary lists the statistics")
    func summary() {
        let report = EvalReport(env: "CartPole-v1", seed: 0, results: [(500, 500), (490, 490)])
        #expect(report.summary == """
            CartPole-v1: 2 episodes (seed 0)
              return  495 ± 5  (min 490, max 500)
              length  495 (mean)
            """)
    }
}

@Suite("RecentMean")
struct RecentMeanRunTests {
    @Test("mean of the last N values matches a direct computation")
    func matchesDirect() {
        var ring = RecentMean(capacity: 7)
        #expect(ring.mean == nil)
        var all: [Double] = []
        for i in 0..<50 {
            let x = Double((i * 37) % 11) - 3.25
            ring.add(x)
            all.append(x)
            let window = all.suffix(7)
            let direct = window.reduce(0, +) / Double(window.count)
            #expect(abs(ring.mean! - direct) < 1e-12)
            #expect(ring.count == min(i + 1, 7))
        }
        ring.removeAll()
        #expect(ring.mean == nil)
        ring.add(4)
        #expect(ring.mean == 4)
    }

    @Test("no drift over a million updates with a large offset")
    func noDrift() {
        var ring = RecentMean(capacity: 100)
        for i in 0..<1_000_000 { ring.add(1e9 + Double(i % 100) * 0.001) }
        // The last 100 values are 1e9 + 0.000 ... 0.099; mean 1e9 + 0.0495.
        #expect(abs(ring.mean! - (1e9 + 0.0495)) < 1e-6)
    }
}
