import DojoAgents
import Foundation
import Testing
import Yams
@testable import DojoCLI

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `dojo train`, `dojo eval`, `dojo envs` and `dojo check-env` run as a user runs them, on tiny
/// configurations (see `tinyTrainArguments`).
@Suite("dojo train and eval end to end")
struct TrainEvalCLITests {
    @Test("train writes config.yaml, metrics.csv, model.safetensors, curve.svg and eval.json, and each reads back")
    func runFolder() throws {
        let scratch = try Scratch()
        let result = try scratch.dojo(tinyTrainArguments(run: "tiny"))
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.isEmpty && result.err.isEmpty, "--quiet printed: \(result.out)\(result.err)")

        // config.yaml: every field of the resolved configuration, plus the run keys.
        let yaml = try #require(try Yams.load(yaml: scratch.read("runs/tiny/config.yaml")) as? [String: Any])
        for key in DQNConfig.fieldNames + ["dojo_version"] {
            #expect(yaml[key] != nil, "config.yaml lacks '\(key)'")
        }
        #expect(yaml["dojo_version"] as? String == DojoTool.version)
        #expect(yaml["env"] as? String == "FrozenLake-v1")
        #expect(yaml["seed"] as? Int == 3)
        #expect(yaml["n_timesteps"] as? Int == 1_500)
        #expect(yaml["net_arch"] as? [Int] == [16])
        #expect(yaml["learning_starts"] as? Int == 50)
        // It is the configuration the run used: it reads back as the preset plus the overrides.
        var expected = try Presets.load("frozenlake-dqn")
        for override in ["net_arch=[16]", "learning_starts=50", "buffer_size=2000", "eval_episodes=10",
                         "checkpoint_interval=500", "n_timesteps=1500", "seed=3"] {
            try expected.apply(override: override)
        }
        let readBack = try DQNConfig(yaml: scratch.read("runs/tiny/config.yaml"), source: "config.yaml",
                                     ignoring: TrainingSession.runKeys)
        #expect(readBack.yaml == expected.yaml)

        // metrics.csv: the exact header, one row per episode, steps adding up the episode lengths.
        let metricsText = try scratch.read("runs/tiny/metrics.csv")
        #expect(metricsText.split(separator: "\n").first == "step,episode,return,length,epsilon,loss,steps_per_s")
        let rows = try MetricsLog.read(scratch.path("runs/tiny/metrics.csv"))
        #expect(rows.count > 10)
        var total = 0
        for (i, row) in rows.enumerated() {
            total += row.length
            #expect(row.episode == i + 1)
            #expect(row.step == total, "row \(i + 1): step \(row.step), lengths so far \(total)")
            #expect(row.return == 0 || row.return == 1, "FrozenLake returns are 0 or 1")
            #expect(row.length >= 1 && row.length <= 100)
        }
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.step < $1.step && $0.epsilon >= $1.epsilon })
        let last = try #require(rows.last)
        // Training stops at exactly n_timesteps (as Stable-Baselines3 does); the unfinished
        // last episode has no row, and FrozenLake episodes last at most 100 steps.
        #expect(last.step <= 1_500 && last.step > 1_400, "last row at step \(last.step)")
        #expect(rows.first?.loss == nil, "no loss before learning starts")
        #expect(last.loss != nil)

        // eval.json: the documented keys; and model.safetensors loads: `dojo eval --model` on it
        // with the run's seed and episode count reproduces eval.json.
        let evalJSON = try jsonObject(scratch.read("runs/tiny/eval.json"))
        let keys: Set<String> = ["env", "episodes", "mean_return", "std_return", "min_return", "max_return", "mean_length"]
        #expect(keys.isSubset(of: Set(evalJSON.keys)))
        #expect(Set(evalJSON.keys).subtracting(keys).isSubset(of: ["seed"]))
        #expect(evalJSON["env"] as? String == "FrozenLake-v1")
        #expect(evalJSON["episodes"] as? Int == 10)
        let eval = try scratch.dojo(["eval", "--model", "runs/tiny/model.safetensors", "--episodes", "10", "--json"])
        #expect(eval.status == 0, "\(eval.err)")
        let fromModel = try EvalReport.read(scratch.path("runs/tiny/eval.json"))
        let reevaluated = try JSONDecoder().decode(EvalReport.self, from: Data(eval.out.utf8))
        #expect(reevaluated == fromModel)

        // curve.svg: well-formed XML with an <svg> root.
        let svg = try scratch.bytes("runs/tiny/curve.svg")
        let parser = XMLParser(data: Data(svg))
        let root = RootElement()
        parser.delegate = root
        #expect(parser.parse(), "curve.svg is not well-formed: \(String(describing: parser.parserError))")
        #expect(root.name == "svg")

        #expect(scratch.exists("runs/tiny/checkpoint/state.safetensors"))
        #expect(!scratch.listing().contains { $0.contains(".tmp") }, "temporary files left: \(scratch.listing())")
    }

    @Test("two runs with the same seed write the same metrics.csv (except steps_per_s); another seed does not")
    func sameSeedSameRun() throws {
        let scratch = try Scratch()
        for (name, seed) in [("a", 7), ("b", 7), ("c", 8)] {
            let result = try scratch.dojo(tinyTrainArguments(run: name, steps: 1_000, seed: seed))
            #expect(result.status == 0, "\(result.err)")
        }
        let a = try scratch.read("runs/a/metrics.csv"), b = try scratch.read("runs/b/metrics.csv")
        let c = try scratch.read("runs/c/metrics.csv")
        expectSameMetrics(a, b)
        #expect(MetricsLog.firstDifferenceIgnoringSpeed(a, c) != nil)
        #expect(try scratch.bytes("runs/a/model.safetensors") == scratch.bytes("runs/b/model.safetensors"))

        // A run's config.yaml is a complete preset: training from it repeats the run.
        let again = try scratch.dojo(["train", "--preset", "runs/a/config.yaml", "--run", "again", "--quiet"])
        #expect(again.status == 0, "\(again.err)")
        #expect(MetricsLog.firstDifferenceIgnoringSpeed(a, try scratch.read("runs/again/metrics.csv")) == nil)
        #expect(try scratch.read("runs/a/config.yaml") == scratch.read("runs/again/config.yaml"))
    }

    @Test("Ctrl-C saves a checkpoint and exits 130; --resume then ends exactly where an uninterrupted run does")
    func interruptAndResume() throws {
        let scratch = try Scratch()
        let steps = 4_000
        let full = try scratch.dojo(tinyTrainArguments(run: "full", steps: steps, seed: 5))
        #expect(full.status == 0, "\(full.err)")

        let running = try scratch.start(tinyTrainArguments(run: "cut", steps: steps, seed: 5))
        // Signal only once training is under way (the handler is installed before the first
        // episode is logged): wait for a few rows of metrics.csv.
        var rowsSeen = 0
        while running.process.isRunning && rowsSeen < 5 {
            Thread.sleep(forTimeInterval: 0.02)
            let text = (try? scratch.read("runs/cut/metrics.csv")) ?? ""
            rowsSeen = max(0, text.split(separator: "\n").count - 1)
        }
        try #require(running.process.isRunning, "training finished before it could be interrupted")
        running.process.interrupt()
        let interrupted = scratch.finish(running)
        #expect(interrupted.status == 130 && !interrupted.signalled, "status \(interrupted.status): \(interrupted.err)")
        #expect(!interrupted.err.contains("error"), "\(interrupted.err)")
        #expect(scratch.exists("runs/cut/checkpoint/state.safetensors"))
        #expect(!scratch.exists("runs/cut/eval.json"), "an interrupted run has not been evaluated")
        let partial = try MetricsLog.read(scratch.path("runs/cut/metrics.csv"))
        let complete = try MetricsLog.read(scratch.path("runs/full/metrics.csv"))
        #expect(partial.count >= 5 && partial.count < complete.count)

        let resumed = try scratch.dojo(["train", "--run", "cut", "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.err)")
        expectSameMetrics(try scratch.read("runs/full/metrics.csv"), try scratch.read("runs/cut/metrics.csv"))
        #expect(try scratch.bytes("runs/full/model.safetensors") == scratch.bytes("runs/cut/model.safetensors"))
        #expect(try scratch.read("runs/full/eval.json") == scratch.read("runs/cut/eval.json"))
        #expect(try scratch.read("runs/full/config.yaml") == scratch.read("runs/cut/config.yaml"))
    }

    @Test("a run killed (SIGKILL) after a checkpoint resumes to the same result; killed before one, it says what to do")
    func killAndResume() throws {
        let scratch = try Scratch()
        let steps = 4_000
        let full = try scratch.dojo(tinyTrainArguments(run: "full", steps: steps, seed: 6))
        #expect(full.status == 0, "\(full.err)")

        // No chance to save anything: the files must still be consistent (atomic writes, metrics
        // rows beyond the checkpoint dropped on resume).
        let running = try scratch.start(tinyTrainArguments(run: "killed", steps: steps, seed: 6))
        while running.process.isRunning && !scratch.exists("runs/killed/checkpoint/state.safetensors") {
            Thread.sleep(forTimeInterval: 0.01)
        }
        try #require(running.process.isRunning, "training finished before it could be killed")
        kill(running.process.processIdentifier, SIGKILL)
        let killed = scratch.finish(running)
        #expect(killed.signalled)
        let resumed = try scratch.dojo(["train", "--run", "killed", "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.err)")
        expectSameMetrics(try scratch.read("runs/full/metrics.csv"), try scratch.read("runs/killed/metrics.csv"))
        #expect(try scratch.bytes("runs/full/model.safetensors") == scratch.bytes("runs/killed/model.safetensors"))

        // Killed before its first checkpoint: nothing to resume, and the error says how to restart.
        let early = try scratch.start(tinyTrainArguments(run: "early", steps: steps, seed: 6,
                                                         extra: ["--set", "checkpoint_interval=100000"]))
        while early.process.isRunning && ((try? scratch.read("runs/early/metrics.csv")) ?? "").isEmpty {
            Thread.sleep(forTimeInterval: 0.01)
        }
        try #require(early.process.isRunning, "training finished before it could be killed")
        kill(early.process.processIdentifier, SIGKILL)
        _ = scratch.finish(early)
        let before = scratch.listing()
        expectOneErrorLine(try scratch.dojo(["train", "--run", "early", "--resume", "--quiet"]),
                           mentioning: ["'early'", "first checkpoint", "remove runs/early"])
        #expect(scratch.listing() == before)
    }

    @Test("eval --json prints one JSON object with the documented keys, the same for 1 and 2 threads")
    func evalJSON() throws {
        let scratch = try Scratch()
        // CartPole: episodes of different lengths, so threads finishing out of order would show.
        let train = try scratch.dojo(["train", "--preset", "cartpole-dqn", "--steps", "600", "--run", "cp", "--quiet",
                                      "--set", "net_arch=[8]", "--set", "learning_starts=100", "--set", "train_freq=4",
                                      "--set", "gradient_steps=1", "--set", "buffer_size=1000", "--set", "eval_episodes=2"])
        #expect(train.status == 0, "\(train.err)")
        var outputs: [String] = []
        for threads in ["1", "2"] {
            let result = try scratch.dojo(["eval", "--model", "runs/cp/model.safetensors", "--episodes", "12",
                                           "--seed", "4", "--threads", threads, "--json"])
            #expect(result.status == 0, "\(result.err)")
            #expect(result.err.isEmpty)
            #expect(result.outLines.count == 1, "\(result.out)")
            let object = try jsonObject(result.out)
            #expect(Set(object.keys) == ["env", "episodes", "mean_return", "std_return", "min_return", "max_return",
                                         "mean_length", "seed"])
            #expect(object["env"] as? String == "CartPole-v1")
            #expect(object["episodes"] as? Int == 12)
            let mean = try #require(object["mean_return"] as? Double)
            let low = try #require(object["min_return"] as? Double), high = try #require(object["max_return"] as? Double)
            #expect(low <= mean && mean <= high)
            // CartPole pays 1 per step, so the mean return is the mean length.
            #expect(object["mean_length"] as? Double == mean)
            outputs.append(result.out)
        }
        #expect(outputs[0] == outputs[1])

        // --run reads the run's model and rewrites its eval.json with what it printed.
        let byRun = try scratch.dojo(["eval", "--run", "cp", "--episodes", "12", "--seed", "4", "--json"])
        #expect(byRun.out == outputs[0])
        let stored = try EvalReport.read(scratch.path("runs/cp/eval.json"))
        #expect(stored == (try JSONDecoder().decode(EvalReport.self, from: Data(outputs[0].utf8))))
    }

    @Test("without --quiet and off a terminal: plain progress lines on stderr, the summary on stdout")
    func plainOutput() throws {
        let scratch = try Scratch()
        let arguments = tinyTrainArguments(run: "talk", steps: 1_000).filter { $0 != "--quiet" }
        let result = try scratch.dojo(arguments)
        #expect(result.status == 0, "\(result.err)")
        #expect(!result.err.contains("\r") && !result.err.contains("\u{1B}["), "terminal control codes off a terminal")
        #expect(result.errLines.first?.hasPrefix("training DQN on FrozenLake-v1 for 1000 steps") == true, "\(result.err)")
        #expect(!result.err.contains("error"))
        #expect(result.outLines.first?.hasPrefix("trained 1000 steps") == true, "\(result.out)")
        #expect(result.outLines.contains("FrozenLake-v1: 10 episodes (seed 3)"))
        #expect(result.outLines.last == "run folder: runs/talk")

        let eval = try scratch.dojo(["eval", "--run", "talk", "--episodes", "10"])
        #expect(eval.status == 0 && eval.err.isEmpty, "\(eval.err)")
        #expect(eval.outLines.count == 3)
        #expect(eval.outLines.first == "FrozenLake-v1: 10 episodes (seed 3)")
    }

    @Test("envs lists CartPole and the grid worlds; check-env CartPole-v1 passes")
    func environments() throws {
        let scratch = try Scratch()
        let envs = try scratch.dojo(["envs"])
        #expect(envs.status == 0, "\(envs.err)")
        let ids = envs.outLines.dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
        for id in ["CartPole-v1", "FrozenLake-v1", "CliffWalking-v0", "GridWorld-open", "gridworld"] {
            #expect(ids.contains(id), "dojo envs does not list \(id)")
        }
        let json = try scratch.dojo(["envs", "--json"])
        #expect(json.status == 0)
        let objects = try json.outLines.map { try jsonObject($0) }
        #expect(objects.compactMap { $0["id"] as? String } == ids)
        let cartPole = try #require(objects.first { $0["id"] as? String == "CartPole-v1" })
        #expect(cartPole["max_episode_steps"] as? Int == 500)
        #expect(cartPole["reward_threshold"] as? Double == 475)
        #expect(cartPole["action_space"] as? String == "Discrete(2)")
        let cliff = try #require(objects.first { $0["id"] as? String == "CliffWalking-v0" })
        #expect(cliff["reward_threshold"] is NSNull)

        let check = try scratch.dojo(["check-env", "CartPole-v1"])
        #expect(check.status == 0, "\(check.out)\(check.err)")
        #expect(check.outLines.last == "All checks passed.")
        #expect(!check.out.contains("FAIL"))
        #expect(scratch.listing().isEmpty, "envs and check-env write nothing")
    }
}

/// Records the name of the first element an XML parser meets.
final class RootElement: NSObject, XMLParserDelegate {
    var name: String?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if name == nil { name = elementName }
    }
}
