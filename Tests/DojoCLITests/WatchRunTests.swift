import DojoAgents
import DojoEnvs
import DojoNN
import DojoRL
import DojoScene
import Foundation
import Testing
@testable import DojoCLI

// The built-in environments through dojo-viz (offscreen), `dojo watch --model` and
// `dojo train --watch` end to end. Helpers: VizTestSupport.swift.

/// Gymnasium's CartPole colours and the GridWorld palette, as their doc comments state them.
private let poleColor = Color(202, 152, 101)
private let floorColor = Color(204, 226, 240)
private let holeColor = Color(25, 40, 90)
private let goalColor = Color(240, 200, 40)
private let agentColor = Color(220, 40, 40)

@Suite("built-in scenes and watching trained agents", .serialized,
       .disabled(if: vizLeftOut, "DOJO_NO_VIZ is set: dojo-viz is not built"))
struct WatchRunTests {
    init() throws {
        headless
        try #require(FileManager.default.isExecutableFile(atPath: vizPath),
                     "dojo-viz not built at \(vizPath) (swift build --product dojo-viz)")
    }

    @Test("CartPole with a set state: pole pixels lie along its angle, the mirrored side is background",
          arguments: [(0.5, 0.3), (-1.0, -0.2)])
    func cartPolePole(cartX: Double, theta: Double) throws {
        var env = CartPole()
        env.state = SIMD4(cartX, 0, theta, 0)
        var scene = env.render()
        scene.caption = ""  // no caption band: the world fills 600 x 400 at 125 px/m
        let image = try screenshot(of: scene, width: 600, height: 400, name: "cartpole-\(cartX)")
        // Axle: cart centre on the track (0.8 m) plus a quarter of the cart height (0.24 m).
        let axleY = 0.8 + 0.24 / 4
        func pixel(_ wx: Double, _ wy: Double) -> (Int, Int) {
            (Int(((wx + 2.4) * 125).rounded(.down)), Int(((3.2 - wy) * 125).rounded(.down)))
        }
        for along in [0.2, 0.5, 0.9] {
            // Positive theta leans the pole right: its tip direction is (sin θ, cos θ).
            let (x, y) = pixel(cartX + along * sin(theta), axleY + along * cos(theta))
            #expect(image.isColor(x, y, poleColor), "\(along) m up the pole: (\(x), \(y)) is \(image.pixel(x, y))")
            let (mx, my) = pixel(cartX - along * sin(theta), axleY + along * cos(theta))
            #expect(image.isColor(mx, my, .white), "mirrored \(along) m: (\(mx), \(my)) is \(image.pixel(mx, my))")
        }
        // The cart body, left of the axle and below it.
        let (cx, cy) = pixel(cartX - 0.15, 0.72)
        #expect(image.isColor(cx, cy, .black))
        if cartX == 0.5 && theta == 0.3 {
            // By hand: 0.5 m up at 0.3 rad is (0.5 + 0.1478, 0.86 + 0.4777) m -> pixel (380, 232).
            #expect(image.isColor(380, 232, poleColor))
        }
    }

    @Test("FrozenLake with the agent on cell 9: the agent's colour at that cell, tiles elsewhere")
    func gridWorldAgent() throws {
        var env = try #require(try EnvironmentRegistry(BuiltinEnvironments.specs).spec("FrozenLake-v1").factory(EnvironmentOptions()) as? GridWorld)
        _ = env.reset(seed: 0)
        env.state = 9  // row 2, column 1 of SFFF / FHFH / FFFH / HFFG
        var scene = env.render()
        scene.caption = ""
        // 4 x 4 cells in 400 x 400: 100 px per cell, row 0 at the top.
        let image = try screenshot(of: scene, width: 400, height: 400, name: "frozenlake")
        #expect(image.isColor(150, 250, agentColor))        // centre of row 2, column 1
        #expect(image.isColor(150 + 20, 250, agentColor))   // inside the disc (radius 0.25 = 25 px)
        #expect(image.isColor(150 + 40, 250 + 40, floorColor))  // the same cell, outside the disc
        #expect(image.isColor(50, 250, floorColor))         // row 2, column 0: floor
        #expect(image.isColor(150, 150, holeColor))         // row 1, column 1: a hole
        #expect(image.isColor(370, 370, goalColor))         // row 3, column 3: the goal, away from its ring
        for (x, y) in [(50, 50), (250, 250), (350, 150)] { #expect(!image.isColor(x, y, agentColor), "(\(x), \(y))") }
    }

    @Test("the value overlay is max_a Q(s, a) and argmax_a Q(s, a) of a hand-set linear network")
    func overlayValues() throws {
        // One Dense layer, weight 4 x 16 (actions x states). For a one-hot state s,
        // Q(s, a) = weight[a, s] + bias[a]; weight[a, s] = ((s * 7 + a * 3) % 11) / 10.
        var weight = Matrix(rows: 4, cols: 16)
        for a in 0..<4 { for s in 0..<16 { weight[a, s] = Float((s * 7 + a * 3) % 11) / 10 } }
        let bias = Matrix(rows: 1, cols: 4, [0, 0.05, 0, -0.05])
        let network = Sequential(layers: [Dense(weight: weight, bias: bias)])
        let env = try #require(try EnvironmentRegistry(BuiltinEnvironments.specs).spec("FrozenLake-v1").factory(EnvironmentOptions()) as? GridWorld)
        let overlay = try #require(ValueOverlay.compute(env, network: network))
        for s in 0..<16 {
            let q = (0..<4).map { a in Float((s * 7 + a * 3) % 11) / 10 + bias[0, a] }
            let best = q.indices.max { q[$0] < q[$1] || (q[$0] == q[$1] && $0 > $1) }!
            #expect(overlay.values[s] == q[best], "state \(s)")
            #expect(overlay.greedyActions[s] == best, "state \(s)")
        }
        // A network of the wrong shape gives no overlay, and the plain scene is drawn.
        let misfit = Sequential(layers: [Dense(weight: Matrix(rows: 4, cols: 3), bias: Matrix(rows: 1, cols: 4))])
        #expect(ValueOverlay.compute(env, network: misfit) == nil)
        #expect(ValueOverlay.scene(of: env, network: misfit) == env.render())
    }

    @Test("--watch on an environment that does not render fails before training, naming it")
    func watchNeedsRendering() {
        let error = #expect(throws: CommandError.self) {
            _ = try TrainingWatch(env: BlindCorridor(), envID: "Blind-v0", every: 1, visualizer: vizPath)
        }
        #expect(error.map { "\($0)" }?.contains("'Blind-v0' does not render") == true, "\(String(describing: error))")
    }

    @Test("dojo watch --model on a freshly trained FrozenLake model exits 0 and prints what dojo eval computes")
    func watchModel() throws {
        let runs = try temporaryDirectory("watch-model")
        defer { try? FileManager.default.removeItem(atPath: runs) }
        let env = offscreenEnvironment()
        let train = try runDojo(["train", "--preset", "frozenlake-dqn", "--env", "FrozenLake-v1-nonslippery",
                                 "--steps", "400", "--set", "learning_starts=100", "--set", "net_arch=[16]",
                                 "--set", "eval_episodes=1", "--run", "tiny", "--runs-dir", runs, "--quiet"],
                                environment: env)
        try #require(train.status == 0, "\(train.err)")
        let model = runs + "/tiny/model.safetensors"
        let watch = try runDojo(["watch", "--model", model, "--episodes", "2", "--fps", "1000"], environment: env)
        #expect(watch.status == 0, "\(watch.err)")
        let lines = watch.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(watch.out)")
        // Not slippery: the greedy policy is deterministic, so every episode (whatever its seed)
        // has the one return `dojo eval` reports for the same model.
        let eval = try runDojo(["eval", "--model", model, "--episodes", "1", "--json"], environment: env)
        try #require(eval.status == 0, "\(eval.err)")
        let report = try JSONSerialization.jsonObject(with: Data(eval.out.utf8)) as? [String: Any]
        let expected = try #require(report?["mean_return"] as? Double)
        for (i, line) in lines.enumerated() {
            #expect(line == "episode \(i + 1) return \(formatReturn(expected))")
        }
    }

    @Test("dojo train --watch-fps reaches the visualizer; a pace out of range is refused")
    func trainWatchFps() throws {
        let dir = try temporaryDirectory("train-watch-fps")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // dojo-viz behind a script that records its arguments.
        let script = dir + "/viz.sh"
        try """
            #!/bin/sh
            echo "$@" > "\(dir)/viz-arguments"
            exec "\(vizPath)" "$@"
            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var env = offscreenEnvironment()
        env["DOJO_VIZ"] = script
        let arguments = ["train", "--preset", "frozenlake-dqn", "--env", "FrozenLake-v1-nonslippery", "--steps", "300",
                         "--set", "learning_starts=100", "--set", "net_arch=[16]", "--set", "eval_episodes=1",
                         "--runs-dir", dir, "--watch", "--watch-every", "1000", "--quiet"]
        let run = try runDojo(arguments + ["--run", "paced", "--watch-fps", "999.5"], environment: env)
        #expect(run.status == 0, "\(run.err)")
        let seen = try String(contentsOfFile: dir + "/viz-arguments", encoding: .utf8)
        #expect(seen.contains("--fps 999.5"), "\(seen)")
        let refused = try runDojo(arguments + ["--run", "too-fast", "--watch-fps", "0"], environment: env)
        #expect(refused.status != 0 && refused.err.contains("--watch-fps"), "\(refused.err)")
    }

    @Test("killing dojo-viz mid-stream does not stop dojo train --watch: exit 0 and a complete run folder")
    func trainSurvivesKilledVisualizer() throws {
        let dir = try temporaryDirectory("train-watch")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A stand-in for dojo-viz: the real one reads the first 20000 bytes of the stream through a
        // fifo, then is killed with SIGKILL while the trainer is still sending.
        let script = dir + "/viz.sh"
        try """
            #!/bin/sh
            mkfifo "\(dir)/fifo"
            "\(vizPath)" "$@" < "\(dir)/fifo" &
            viz=$!
            head -c 20000 > "\(dir)/fifo"
            kill -9 $viz
            wait $viz
            echo $? > "\(dir)/viz-status"
            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var env = offscreenEnvironment()
        env["DOJO_VIZ"] = script
        let run = try runDojo(["train", "--preset", "frozenlake-dqn", "--env", "FrozenLake-v1-nonslippery",
                               "--steps", "2000", "--set", "learning_starts=100", "--set", "net_arch=[16]",
                               "--set", "eval_episodes=2", "--run", "watched", "--runs-dir", dir,
                               "--watch", "--watch-every", "1", "--quiet"], environment: env)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err.isEmpty, "\(run.err)")
        // dojo-viz really was killed (128 + SIGKILL), not ended by the stream.
        let status = try String(contentsOfFile: dir + "/viz-status", encoding: .utf8)
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "137")
        let folder = dir + "/watched"
        for file in ["config.yaml", "metrics.csv", "model.safetensors", "curve.svg", "eval.json"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file) missing")
        }
        // Training ran to the end: the last finished episode is within one time limit (100 steps)
        // of step 2000.
        let metrics = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8)
        let lastStep = metrics.split(separator: "\n").last?.split(separator: ",").first.flatMap { Int($0) }
        #expect(lastStep.map { $0 > 1900 && $0 <= 2000 } == true, "\(metrics.suffix(200))")
    }
}
