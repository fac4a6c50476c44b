import Foundation
import DojoAgents
import Testing
@testable import DojoCLI

/// Bad input, as users give it: each case must end with a non-zero exit, one line
/// `dojo: error: ...` naming the problem and where, and no file created or changed.
@Suite("dojo bad input end to end")
struct BadInputCLITests {
    /// Runs `arguments` in `scratch` and checks the rule, including that the working directory
    /// is exactly as it was before.
    func expectRefused(_ arguments: [String], in scratch: Scratch, mentioning: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = scratch.listing()
        let result = try scratch.dojo(arguments)
        expectOneErrorLine(result, mentioning: mentioning, sourceLocation: sourceLocation)
        #expect(scratch.listing() == before, "files changed by a refused command", sourceLocation: sourceLocation)
    }

    @Test("train refuses bad presets, overrides and environment ids, naming the field or id, and writes nothing")
    func trainConfiguration() throws {
        let scratch = try Scratch()
        try scratch.write("env: FrozenLake-v1\nlearning_rate: 1.0e-3\nbogus_field: 3\n", to: "unknown.yaml")
        try scratch.write("env: FrozenLake-v1\nbatch_size: abc\n", to: "wrongtype.yaml")
        try scratch.write("env: FrozenLake-v1\nnet_arch: [a, 2]\n", to: "wronglist.yaml")
        try scratch.write("env: FrozenLake-v1\nbatch_size:\n", to: "novalue.yaml")
        try scratch.write("env: [FrozenLake-v1\n", to: "broken.yaml")
        let tiny = ["--steps", "100", "--run", "r", "--quiet"]
        try expectRefused(["train", "--preset", "no-such-preset"] + tiny, in: scratch,
                          mentioning: ["no preset 'no-such-preset'", "cartpole-dqn"])
        try expectRefused(["train", "--preset", "missing.yaml"] + tiny, in: scratch, mentioning: ["missing.yaml"])
        try expectRefused(["train", "--preset", "unknown.yaml"] + tiny, in: scratch,
                          mentioning: ["unknown.yaml", "unknown field 'bogus_field'"])
        try expectRefused(["train", "--preset", "wrongtype.yaml"] + tiny, in: scratch,
                          mentioning: ["wrongtype.yaml", "'batch_size'", "integer", "'abc'"])
        try expectRefused(["train", "--preset", "wronglist.yaml"] + tiny, in: scratch,
                          mentioning: ["'net_arch'", "[a, 2]"])
        try expectRefused(["train", "--preset", "novalue.yaml"] + tiny, in: scratch, mentioning: ["'batch_size'"])
        try expectRefused(["train", "--preset", "broken.yaml"] + tiny, in: scratch, mentioning: ["broken.yaml"])
        // No error message may show Swift's debugging text for optionals.
        for preset in ["wrongtype.yaml", "wronglist.yaml", "novalue.yaml"] {
            let result = try scratch.dojo(["train", "--preset", preset] + tiny)
            #expect(!result.err.contains("Optional("), "\(result.err)")
        }

        try expectRefused(["train", "--preset", "frozenlake-dqn", "--set", "learning_rate"] + tiny, in: scratch,
                          mentioning: ["--set 'learning_rate'", "key=value"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--set", "=3"] + tiny, in: scratch, mentioning: ["--set"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--set", "batch_size=zz"] + tiny, in: scratch,
                          mentioning: ["'batch_size'", "'zz'"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--set", "no_such_field=1"] + tiny, in: scratch,
                          mentioning: ["unknown field 'no_such_field'"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--set", "net_arch=[16"] + tiny, in: scratch,
                          mentioning: ["'net_arch'"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--set", "learning_rate=-1"] + tiny, in: scratch,
                          mentioning: ["'learning_rate'"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--env", "NoSuchEnv-v9"] + tiny, in: scratch,
                          mentioning: ["unknown environment 'NoSuchEnv-v9'", "CartPole-v1"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--run", "../escape", "--steps", "100"], in: scratch,
                          mentioning: ["invalid run name '../escape'"])
        // A replay buffer larger than the machine: refused before allocating (it used to abort).
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--set", "buffer_size=100000000000"] + tiny, in: scratch,
                          mentioning: ["buffer_size 100000000000", "GiB"])
        // Seeds must read back from config.yaml and eval.json (signed 64-bit); 2^64-1 used to crash.
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--set", "seed=9223372036854775808"] + tiny, in: scratch,
                          mentioning: ["'seed'"])
    }

    @Test("flag misuse gets ArgumentParser's one error line plus usage, exit status 64")
    func flagMisuse() throws {
        let scratch = try Scratch()
        expectUsageError(try scratch.dojo(["train", "--steps", "abc"]), mentioning: ["'abc'", "--steps"])
        expectUsageError(try scratch.dojo(["train", "--steps", "0"]), mentioning: ["--steps"])
        expectUsageError(try scratch.dojo(["train", "--no-such-flag"]), mentioning: ["--no-such-flag"])
        expectUsageError(try scratch.dojo(["train", "--resume"]), mentioning: ["--run"])
        expectUsageError(try scratch.dojo(["train", "--seed", "18446744073709551615"]), mentioning: ["--seed"])
        expectUsageError(try scratch.dojo(["eval", "--model", "m.safetensors", "--seed", "18446744073709551615"]),
                         mentioning: ["--seed"])
        expectUsageError(try scratch.dojo(["eval"]), mentioning: ["--run", "--model"])
        expectUsageError(try scratch.dojo(["eval", "--model", "m.safetensors", "--episodes", "0"]), mentioning: ["--episodes"])
        expectUsageError(try scratch.dojo(["fit", "--data", "x.csv"]), mentioning: ["--label"])
        expectUsageError(try scratch.dojo(["cluster", "--data", "x.csv", "--k", "0"]), mentioning: ["--k"])
        #expect(scratch.listing().isEmpty)
    }

    @Test("train refuses to resume a missing run and to start over an existing one, leaving both untouched")
    func runFolders() throws {
        let scratch = try Scratch()
        try expectRefused(["train", "--run", "ghost", "--resume", "--quiet"], in: scratch,
                          mentioning: ["runs/ghost"])
        let first = try scratch.dojo(tinyTrainArguments(run: "done", steps: 300))
        #expect(first.status == 0, "\(first.err)")
        try expectRefused(tinyTrainArguments(run: "done", steps: 300), in: scratch,
                          mentioning: ["runs/done", "already exists", "--resume"])
        // A folder holding something that is not a run.
        try FileManager.default.createDirectory(atPath: scratch.path("runs/other"), withIntermediateDirectories: true)
        try scratch.write("notes\n", to: "runs/other/notes.txt")
        try expectRefused(tinyTrainArguments(run: "other", steps: 300), in: scratch, mentioning: ["runs/other"])
        try expectRefused(["train", "--run", "other", "--resume", "--quiet"], in: scratch,
                          mentioning: ["runs/other", "config.yaml"])
        // A resumed run keeps its configuration: changing it is refused before anything is touched.
        try expectRefused(["train", "--run", "done", "--resume", "--env", "CartPole-v1", "--quiet"], in: scratch,
                          mentioning: ["'done'", "CartPole-v1", "FrozenLake-v1"])
        try expectRefused(["train", "--run", "done", "--resume", "--seed", "9", "--quiet"], in: scratch,
                          mentioning: ["--seed 9", "seed 3"])
        try expectRefused(["train", "--run", "done", "--resume", "--set", "net_arch=[32]", "--quiet"], in: scratch,
                          mentioning: ["--set 'net_arch=[32]'", "config.yaml"])
        // A damaged checkpoint is named, and the run's files stay as they were.
        let checkpoint = try scratch.bytes("runs/done/checkpoint/state.safetensors")
        try scratch.write(Array(checkpoint.prefix(checkpoint.count / 2)), to: "runs/done/checkpoint/state.safetensors")
        try expectRefused(["train", "--run", "done", "--resume", "--quiet"], in: scratch,
                          mentioning: ["runs/done/checkpoint/state.safetensors"])
        try FileManager.default.removeItem(atPath: scratch.path("runs/done/checkpoint/state.safetensors"))
        try expectRefused(["train", "--run", "done", "--resume", "--quiet"], in: scratch,
                          mentioning: ["first checkpoint", "runs/done/checkpoint/state.safetensors", "remove runs/done"])
    }

    @Test("eval refuses missing, truncated and garbage model files, and a model of another environment")
    func evalModels() throws {
        let scratch = try Scratch()
        let train = try scratch.dojo(tinyTrainArguments(run: "m", steps: 300))
        #expect(train.status == 0, "\(train.err)")
        let model = try scratch.bytes("runs/m/model.safetensors")
        try scratch.write(Array(model.prefix(model.count - 100)), to: "truncated.safetensors")
        try scratch.write(Array(model.prefix(20)), to: "header-cut.safetensors")
        try scratch.write(Array(model.prefix(3)), to: "tiny.safetensors")
        var rng = TestRandom(seed: 1)
        try scratch.write((0..<4_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, to: "garbage.safetensors")
        try scratch.write("this is not a model at all\n", to: "text.safetensors")
        var huge = model
        huge.replaceSubrange(0..<8, with: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])  // header length 2^63-1
        try scratch.write(huge, to: "huge-header.safetensors")

        let env = ["--env", "FrozenLake-v1"]
        try expectRefused(["eval", "--model", "missing.safetensors"] + env, in: scratch, mentioning: ["missing.safetensors"])
        try expectRefused(["eval", "--model", "runs"] + env, in: scratch, mentioning: ["runs", "directory"])
        for file in ["truncated", "header-cut", "tiny", "garbage", "text", "huge-header"] {
            try expectRefused(["eval", "--model", "\(file).safetensors"] + env, in: scratch, mentioning: ["\(file).safetensors"])
        }
        try expectRefused(["eval", "--model", "runs/m/model.safetensors", "--env", "CartPole-v1"], in: scratch,
                          mentioning: ["16", "4"])
        try expectRefused(["eval", "--run", "nothing-here"], in: scratch, mentioning: ["runs/nothing-here"])
        try expectRefused(["eval", "--model", "runs/m/model.safetensors", "--env", "NoSuchEnv-v9"], in: scratch,
                          mentioning: ["NoSuchEnv-v9"])
    }

    @Test("the gridworld environment needs a well-formed --map, and errors name the line and column")
    func gridworldMaps() throws {
        let scratch = try Scratch()
        try scratch.write("#####\n#S..#\n#.X.#\n#..G#\n#####\n", to: "bad.map")
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--env", "gridworld", "--steps", "100", "--run", "g"],
                          in: scratch, mentioning: ["gridworld", "--map"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--env", "gridworld", "--map", "bad.map",
                           "--steps", "100", "--run", "g"],
                          in: scratch, mentioning: ["bad.map", "line 3", "column 3", "'X'"])
        try expectRefused(["train", "--preset", "frozenlake-dqn", "--env", "gridworld", "--map", "absent.map",
                           "--steps", "100", "--run", "g"],
                          in: scratch, mentioning: ["absent.map"])
        try expectRefused(["check-env", "gridworld"], in: scratch, mentioning: ["--map"])
        try expectRefused(["check-env", "gridworld", "--map", "bad.map"], in: scratch, mentioning: ["bad.map", "line 3"])
        try expectRefused(["check-env", "NoSuchEnv-v9"], in: scratch, mentioning: ["NoSuchEnv-v9"])
        try FileManager.default.createDirectory(atPath: scratch.path("maps"), withIntermediateDirectories: true)
        try expectRefused(["check-env", "gridworld", "--map", "maps"], in: scratch, mentioning: ["'maps'", "directory"])
        try scratch.write("#####\n#S..#\n#.S.G\n#####\n", to: "two-starts.map")
        try expectRefused(["check-env", "gridworld", "--map", "two-starts.map"], in: scratch,
                          mentioning: ["two-starts.map", "line 3", "column 3"])
        try scratch.write("####\n#S..#\n#..G#\n#####\n", to: "ragged.map")
        try expectRefused(["check-env", "gridworld", "--map", "ragged.map"], in: scratch, mentioning: ["ragged.map", "line 2"])

        // A good map trains; evaluating the run needs the map again, and says so.
        try scratch.write("#####\n#S..#\n#.#.#\n#..G#\n#####\n", to: "good.map")
        let train = try scratch.dojo(["train", "--preset", "frozenlake-dqn", "--env", "gridworld", "--map", "good.map",
                                      "--steps", "300", "--set", "net_arch=[8]", "--set", "learning_starts=50",
                                      "--set", "eval_episodes=2", "--run", "grid", "--quiet"])
        #expect(train.status == 0, "\(train.err)")
        #expect(try DQNConfig(yaml: String(contentsOfFile: scratch.path("runs/grid/config.yaml"), encoding: .utf8),
                              source: "config.yaml", ignoring: TrainingSession.runKeys).env == "gridworld")
        // The run keeps its map (runs/grid/map.txt): eval --run finds it without --map.
        #expect(try scratch.read("runs/grid/map.txt") == scratch.read("good.map"))
        let kept = try scratch.dojo(["eval", "--run", "grid", "--episodes", "2", "--json"])
        #expect(kept.status == 0, "\(kept.err)")
        let eval = try scratch.dojo(["eval", "--run", "grid", "--map", "good.map", "--episodes", "2", "--json"])
        #expect(eval.status == 0, "\(eval.err)")
        #expect(try jsonObject(eval.out)["env"] as? String == "gridworld")
        #expect(kept.out == eval.out)
        // A model file alone does not carry the map: that still needs --map, and says so.
        try expectRefused(["eval", "--model", "runs/grid/model.safetensors", "--episodes", "2"], in: scratch,
                          mentioning: ["--map"])
    }

    @Test("fit, predict, cluster and embed refuse bad CSV files and models, naming the file, row and column")
    func learnInput() throws {
        let scratch = try Scratch()
        let good = blobsCSV(centres: [[0, 0], [4, 4]], count: 40, seed: 2)
        try scratch.write(good, to: "good.csv")
        var lines = good.split(separator: "\n").map(String.init)
        lines[5] = "1.5,oops,c1"
        try scratch.write(lines.joined(separator: "\n") + "\n", to: "badvalue.csv")
        try scratch.write("x1,x2,label\n1,2,c0\n3,c1\n", to: "ragged.csv")
        try scratch.write("", to: "empty.csv")

        try expectRefused(["fit", "--data", "badvalue.csv", "--label", "label", "--epochs", "2"], in: scratch,
                          mentioning: ["badvalue.csv", "line 6", "column 'x2'", "'oops'"])
        try expectRefused(["fit", "--data", "ragged.csv", "--label", "label"], in: scratch,
                          mentioning: ["ragged.csv", "line 3"])
        try expectRefused(["fit", "--data", "empty.csv", "--label", "label"], in: scratch, mentioning: ["empty.csv"])
        try expectRefused(["fit", "--data", "absent.csv", "--label", "label"], in: scratch, mentioning: ["absent.csv"])
        try expectRefused(["fit", "--data", "good.csv", "--label", "target", "--epochs", "2"], in: scratch,
                          mentioning: ["good.csv", "'target'", "x1, x2, label"])
        try expectRefused(["fit", "--data", "good.csv", "--label", "label", "--task", "regress", "--epochs", "2"],
                          in: scratch, mentioning: ["good.csv", "column 'label'", "'c0'"])
        try expectRefused(["fit", "--data", "good.csv", "--label", "label", "--hidden", "16,", "--epochs", "2"],
                          in: scratch, mentioning: ["--hidden", "'16,'"])
        try expectRefused(["fit", "--data", "good.csv", "--label", "label", "--dropout", "1.5"], in: scratch,
                          mentioning: ["dropout"])
        try expectRefused(["cluster", "--data", "good.csv", "--label", "label", "--k", "41"], in: scratch,
                          mentioning: ["--k 41", "40 rows"])
        try expectRefused(["cluster", "--data", "good.csv", "--k", "2"], in: scratch,
                          mentioning: ["good.csv", "column 'label'", "'c0'"])
        try expectRefused(["embed", "--data", "good.csv", "--label", "label", "--dim", "3", "--out", "e.csv"], in: scratch,
                          mentioning: ["--dim 3", "2 features"])
        try expectRefused(["predict", "--model", "no-such-model", "--data", "good.csv"], in: scratch,
                          mentioning: ["no-such-model"])
        try expectRefused(["predict", "--model", "good.csv", "--data", "good.csv"], in: scratch, mentioning: ["good.csv"])

        // A model that exists but does not fit the data, or is damaged.
        let fit = try scratch.dojo(["fit", "--data", "good.csv", "--label", "label", "--hidden", "4", "--epochs", "3",
                                    "--out", "model", "--json"])
        #expect(fit.status == 0, "\(fit.err)")
        try scratch.write("x1,label\n1,c0\n", to: "fewer.csv")
        try expectRefused(["predict", "--model", "model", "--data", "fewer.csv"], in: scratch,
                          mentioning: ["fewer.csv", "'x2'"])
        try scratch.write("x1,x2,label\n1,2,c7\n", to: "newclass.csv")
        try expectRefused(["predict", "--model", "model", "--data", "newclass.csv"], in: scratch,
                          mentioning: ["newclass.csv", "line 2", "'c7'"])
        try FileManager.default.createDirectory(atPath: scratch.path("weightless"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: scratch.path("model/preprocessing.json"),
                                         toPath: scratch.path("weightless/preprocessing.json"))
        try expectRefused(["predict", "--model", "weightless", "--data", "good.csv"], in: scratch,
                          mentioning: ["weightless/model.safetensors"])
        try scratch.write("{\"feature_names\": 3", to: "model/preprocessing.json")
        try expectRefused(["predict", "--model", "model", "--data", "good.csv"], in: scratch,
                          mentioning: ["model/preprocessing.json", "invalid JSON"])
        let decoding = try scratch.dojo(["predict", "--model", "model", "--data", "good.csv"])
        #expect(!decoding.err.contains("Debug description"), "\(decoding.err)")

        // Output paths that cannot be used: refused before any training, with the OS's reason.
        try expectRefused(["fit", "--data", "good.csv", "--label", "label", "--out", "good.csv"], in: scratch,
                          mentioning: ["good.csv", "is a file"])
        try expectRefused(["embed", "--data", "good.csv", "--label", "label", "--out", "model"], in: scratch,
                          mentioning: ["'model'", "directory"])
        try expectRefused(["embed", "--data", "good.csv", "--label", "label", "--out", "absent/e.csv"], in: scratch,
                          mentioning: ["absent/e.csv", "'absent'"])
        try expectRefused(["embed", "--data", "good.csv", "--label", "label", "--out", "e.csv", "--svg", "absent/e.svg"],
                          in: scratch, mentioning: ["absent/e.svg"])
    }

    @Test("an error description spanning lines is printed as one line")
    func oneLine() {
        #expect(DojoTool.oneLine("a: bad\n  at line 3\r\n\n") == "a: bad at line 3")
        #expect(DojoTool.oneLine("plain") == "plain")
    }

    @Test("train with eval_episodes=0 skips the evaluation instead of crashing")
    func noEvaluation() throws {
        let scratch = try Scratch()
        let result = try scratch.dojo(tinyTrainArguments(run: "noeval", steps: 300) + ["--set", "eval_episodes=0"])
        #expect(result.status == 0 && !result.signalled, "status \(result.status): \(result.err.prefix(200))")
        #expect(scratch.exists("runs/noeval/model.safetensors") && scratch.exists("runs/noeval/metrics.csv"))
        #expect(!scratch.exists("runs/noeval/eval.json"))
    }
}
