import Foundation
import Testing
@testable import DojoCLI

@Suite("ConfigFile")
struct ConfigFileRunTests {
    static let sample: ConfigSection = [
        "env": "CartPole-v1",
        "seed": 0,
        "learning_rate": 0.0023,
        "tiny": 1e-05,
        "gamma": 1.0,
        "double_dqn": false,
        "tricky": "yes",
        "numeric_string": "1.5",
        "empty": "",
        "colon": "a: b # c",
        "net_arch": [256, 256],
        "network": .section(["hidden": [64, 64], "activation": "relu", "dueling": true]),
    ]

    @Test("writes block YAML in the given order, with dojo_version first")
    func text() throws {
        let path = makeScratchDirectory() + "/config.yaml"
        try ConfigFile.write(Self.sample, to: path)
        #expect(readText(path) == """
            # Dojo run configuration.
            dojo_version: \(DojoTool.version)
            env: CartPole-v1
            seed: 0
            learning_rate: 0.0023
            tiny: 1e-05
            gamma: 1.0
            double_dqn: false
            tricky: "yes"
            numeric_string: "1.5"
            empty: ""
            colon: "a: b # c"
            net_arch: [256, 256]
            network:
              hidden: [64, 64]
              activation: relu
              dueling: true

            """)
    }

    @Test("reads back the same keys, order and types")
    func roundTrip() throws {
        let path = makeScratchDirectory() + "/config.yaml"
        try ConfigFile.write(Self.sample, to: path)
        let back = try ConfigFile.read(path)
        var expected = Self.sample
        expected.prepend("dojo_version", .string(DojoTool.version))
        #expect(back == expected)
        #expect(try back.double("learning_rate") == 0.0023)
        #expect(try back.double("seed") == 0)          // an integer is accepted as a number
        #expect(try back.section("network").bool("dueling") == true)
        #expect(try back.string("tricky") == "yes")
    }

    @Test("strings YAML would misread are quoted and survive", arguments: [
        "yes", "No", "on", "null", "~", "", "12", "0x1F", "1e3", ".inf", "- x", "#c", "[a]", "a\"b\\c",
        "line\nbreak", " lead", "2024-01-01", "héllo", "tab\t",
    ])
    func stringRoundTrip(s: String) throws {
        let text = ConfigFile.yaml(["k": .string(s)])
        #expect(try ConfigFile.parse(text, source: "t")["k"] == .string(s))
    }

    @Test("doubles round-trip exactly and stay doubles", arguments: [
        0.1, 2.3e-3, 1e-300, 123456789.0, -0.5, 1e16, 5.0, .infinity, -.infinity,
    ])
    func doubleRoundTrip(d: Double) throws {
        #expect(try ConfigFile.parse(ConfigFile.yaml(["x": .double(d)]), source: "t")["x"] == .double(d))
    }

    @Test("errors are one line naming the file, line and key", arguments: [
        ("a: 1\nb: [1, 2\n", "c.yaml:3: invalid YAML:"),
        ("- 1\n- 2\n", "c.yaml:1: expected 'key: value' lines at the top level"),
        ("a: 1\na: 2\n", "c.yaml:2: duplicate key 'a'"),
        ("a:\n  b:\n", "c.yaml:2: 'a.b' has no value"),
    ])
    func parseErrors(text: String, prefix: String) {
        do {
            _ = try ConfigFile.parse(text, source: "c.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("typed access errors name the key path, line and types")
    func accessErrors() throws {
        let config = try ConfigFile.parse("batch_size: sixty\nnet:\n  lr: true\n", source: "c.yaml")
        #expect(throws: ConfigFileError(source: "c.yaml", line: 1, message: "'batch_size' is a string, expected an integer")) {
            try config.int("batch_size")
        }
        #expect(throws: ConfigFileError(source: "c.yaml", line: 3, message: "'net.lr' is a boolean, expected a number")) {
            try config.section("net").double("lr")
        }
        #expect(throws: ConfigFileError(source: "c.yaml", line: nil, message: "missing key 'net.gamma'")) {
            try config.section("net").double("gamma")
        }
        #expect(config.unknownKeys(known: ["net"]) == ["batch_size"])
    }

    @Test("an empty document is an empty section")
    func empty() throws {
        #expect(try ConfigFile.parse("", source: "e").entries.isEmpty)
        #expect(try ConfigFile.parse("# only a comment\n", source: "e").entries.isEmpty)
    }
}

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
