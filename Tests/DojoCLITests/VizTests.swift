import DojoEnvs
import DojoRandom
import DojoRL
import DojoScene
import Foundation
import Testing
@testable import DojoCLI

@Suite("dojo-viz and the visualizer process", .serialized,
       .disabled(if: vizLeftOut, "DOJO_NO_VIZ is set: dojo-viz is not built"))
struct VizTests {
    init() throws {
        headless
        try #require(FileManager.default.isExecutableFile(atPath: vizPath),
                     "dojo-viz not built at \(vizPath) (swift build --product dojo-viz)")
    }

    @Test("a red rect fills the left half and a 45° blue line lies where the world coordinates say")
    func rectAndLine() throws {
        // World 2 x 1 in a 400 x 200 window without caption: exactly 200 px per unit, no letterbox.
        let scene = Scene(world: Rect(x: 0, y: 0, width: 2, height: 1), background: .white, primitives: [
            .rect(Rect(x: 0, y: 0, width: 1, height: 1), red),
            .line(from: Point(1.1, 0.1), to: Point(1.9, 0.9), width: 0.05, blue),
        ])
        let image = try screenshot(of: scene, width: 400, height: 200, name: "rect-line")
        // Pixel (px, py) shows world (px / 200, 1 - py / 200).
        for (x, y) in [(5, 5), (100, 100), (195, 195), (10, 190)] { #expect(image.isColor(x, y, red), "(\(x), \(y))") }
        for (x, y) in [(205, 100), (395, 5), (300, 160), (250, 50)] { #expect(image.isColor(x, y, .white), "(\(x), \(y))") }
        // On the line y = x - 1: world (1.5, 0.5) -> (300, 100); (1.25, 0.25) -> (250, 150); (1.75, 0.75) -> (350, 50).
        for (x, y) in [(300, 100), (250, 150), (350, 50)] { #expect(image.isColor(x, y, blue), "(\(x), \(y))") }
        // 10 px across the line (width 0.05 = 10 px, so 5 each side) it is background again.
        #expect(image.isColor(300 + 8, 100 + 8, .white))
    }

    @Test("y points up, the aspect ratio is kept, and the caption is drawn in the band above")
    func layout() throws {
        // World 1 x 1 in 300 x 224: band 24 px, area 300 x 200, so 200 px/unit, centred at x 50..250.
        let scene = Scene(world: Rect(x: 0, y: 0, width: 1, height: 1), background: .white,
                          primitives: [.rect(Rect(x: 0, y: 0.5, width: 0.5, height: 0.5), blue)],
                          caption: "EPISODE 1")
        let image = try screenshot(of: scene, width: 300, height: 224, name: "layout")
        #expect(image.isColor(100, 74, blue))        // world (0.25, 0.75): top-left quadrant
        #expect(image.isColor(100, 174, .white))     // world (0.25, 0.25)
        #expect(image.isColor(200, 74, .white))      // world (0.75, 0.75)
        #expect(image.isColor(25, 124, letterbox))   // left of the world
        #expect(image.isColor(275, 124, letterbox))  // right of it
        // "E" at 2x scale from x = 5: its top bar spans font columns 0...4, band rows 5...6.
        #expect(image.isColor(6, 5, captionInk))
        #expect(image.isColor(14, 6, captionInk))
        #expect(image.isColor(6, 9, captionInk))   // the E's stem
        #expect(image.isColor(10, 9, letterbox))   // inside the E, no ink
    }

    @Test("a caption too long for the window is drawn smaller, then cut short, never past the padding")
    func longCaption() throws {
        let scene = Scene(world: Rect(x: 0, y: 0, width: 1, height: 1), background: .white, primitives: [],
                          caption: String(repeating: "E", count: 40))
        // 40 glyphs need 239 font pixels: 478 screen pixels at 2x, 239 at 1x; the window has 110.
        let image = try screenshot(of: scene, width: 120, height: 100, name: "long-caption")
        func inkInBand(_ columns: Range<Int>) -> Bool {
            columns.contains { x in (0..<24).contains { y in image.isColor(x, y, captionInk) } }
        }
        #expect(!inkInBand(115..<120), "the caption runs into the right padding")
        #expect(inkInBand(100..<115), "the cut caption should reach the right padding")
        #expect(inkInBand(5..<10))
        // 1x glyphs: an E's top bar is one pixel row, with none above or below it at that column.
        let top = (0..<24).first { image.isColor(6, $0, captionInk) }
        #expect(top.map { !image.isColor(6, $0 - 1, captionInk) && !image.isColor(6, $0 + 1, captionInk) } == true)
    }

    @Test("a CartPole-like scene: the pole's pixels lie along its angle, mirrored ones are background")
    func cartPoleGeometry() throws {
        // Gymnasium's 600 x 400 view at 125 px/m: world x -2.4...2.4, y 0...3.2.
        let theta: Float = 0.3, cartX: Float = 0.5
        let axle = Point(cartX, 0.86)
        let pole = Color(202, 152, 101)
        let (s, c) = (sinf(theta), cosf(theta))
        func along(_ v: Float, across u: Float) -> Point { Point(axle.x + u * c + v * s, axle.y - u * s + v * c) }
        let scene = Scene(world: Rect(x: -2.4, y: 0, width: 4.8, height: 3.2), background: .white, primitives: [
            .line(from: Point(-2.4, 0.8), to: Point(2.4, 0.8), width: 0, .black),
            .rect(Rect(x: cartX - 0.2, y: 0.68, width: 0.4, height: 0.24), .black),
            .polygon([along(-0.04, across: -0.04), along(0.96, across: -0.04),
                      along(0.96, across: 0.04), along(-0.04, across: 0.04)], pole),
            .circle(center: axle, radius: 0.04, filled: true, Color(129, 132, 203)),
        ])
        let image = try screenshot(of: scene, width: 600, height: 400, name: "cartpole")
        func px(_ p: Point) -> (Int, Int) { (Int(((p.x + 2.4) * 125).rounded(.down)), Int(((3.2 - p.y) * 125).rounded(.down))) }
        for v: Float in [0.2, 0.5, 0.9] {
            let (x, y) = px(along(v, across: 0))
            #expect(image.isColor(x, y, pole), "pole at \(v) m: pixel (\(x), \(y)) is \(image.pixel(x, y))")
            // The same distance up a pole leaning the other way is empty.
            let mirrored = px(Point(axle.x - v * s, axle.y + v * c))
            #expect(image.isColor(mirrored.0, mirrored.1, .white))
        }
        // Hand check of one pixel: 0.5 m up at 0.3 rad is world (0.5 + 0.1478, 0.86 + 0.4777) -> (380, 232).
        #expect(image.isColor(380, 232, pole))
        #expect(image.isColor(px(Point(cartX - 0.15, 0.72)).0, px(Point(cartX - 0.15, 0.72)).1, .black))  // cart
        // The one-pixel track line at y = 0.8 m -> row 300 (299 if SDL rounds the other way).
        #expect(image.isColor(10, 300, .black) || image.isColor(10, 299, .black))
    }

    @Test("a grid with an agent disc: the agent's cell shows its colour, a concave polygon keeps its notch empty")
    func gridAndShapes() throws {
        // 4 x 2 cells of 1 unit in 400 x 200: 100 px per cell, row 0 at the bottom.
        let floor = Color(200, 220, 240), agent = Color(230, 40, 40), wall = Color(60, 60, 60)
        var scene = Scene(world: Rect(x: 0, y: 0, width: 4, height: 2), background: .white)
        for row in 0..<2 { for col in 0..<4 {
            scene.add(.rect(Rect(x: Float(col) + 0.02, y: Float(row) + 0.02, width: 0.96, height: 0.96), floor))
        } }
        scene.add(.circle(center: Point(2.5, 0.5), radius: 0.3, filled: true, agent))   // cell (col 2, row 0)
        scene.add(.circle(center: Point(0.5, 1.5), radius: 0.4, filled: false, wall))   // outline only
        // A "V" notch: the polygon covers cell (3, 1) except a triangle cut down from its top edge.
        scene.add(.polygon([Point(3, 1), Point(4, 1), Point(4, 2), Point(3.5, 1.4), Point(3, 2)], wall))
        let image = try screenshot(of: scene, width: 400, height: 200, name: "grid")
        #expect(image.isColor(250, 150, agent))        // centre of cell (2, 0)
        #expect(image.isColor(250 + 25, 150, agent))   // 0.25 from the centre, inside r = 0.3
        #expect(image.isColor(250 + 40, 150, floor))   // 0.4 from the centre, outside
        #expect(image.isColor(150, 150, floor))        // the cell to its left
        #expect(image.isColor(50, 50, floor))          // inside the outline circle: not filled
        #expect(image.isColor(350, 10, floor))         // world (3.5, 1.9): in the notch, the floor shows
        #expect(image.isColor(350, 80, wall))          // world (3.5, 1.2): below the notch's tip
        #expect(image.isColor(310, 20, wall))          // left arm of the V
        #expect(image.isColor(390, 20, wall))          // right arm
    }

    @Test("a truncated frame makes dojo-viz exit non-zero with one error line")
    func truncatedInput() throws {
        let frame = try SceneEncoder().encode(Scene(world: Rect(x: 0, y: 0, width: 1, height: 1), caption: "cut"))
        let run = try runViz([], input: Array(frame.dropLast(3)))
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("dojo-viz: error: input ended inside a scene frame") == true, "\(run.stderr)")
    }

    @Test("garbage on stdin is rejected with one error line")
    func garbageInput() throws {
        let run = try runViz([], input: Array("hello, this is not a frame".utf8))
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.hasPrefix("dojo-viz: error: bad frame magic"))
    }

    @Test("without a display dojo-viz says so in one line and exits non-zero")
    func noDisplay() throws {
        var env = ProcessInfo.processInfo.environment
        for key in ["DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"] { env[key] = nil }
        let run = try runViz([], input: [], environment: env)
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.hasPrefix("dojo-viz: error: no display"))
        // Through the sender, start-up fails with that line, before any frame is sent.
        let error = #expect(throws: VisualizerError.self) {
            _ = try VisualizerProcess(executable: "/usr/bin/env", arguments: [
                "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u", "SDL_VIDEODRIVER", vizPath])
        }
        #expect(error.map { "\($0)" }?.hasPrefix("dojo-viz: no display: DISPLAY is not set") == true, "\(String(describing: error))")
    }

    @Test("killing dojo-viz mid-stream leaves the sender alive and its sends no-ops")
    func killedMidStream() throws {
        let viz = try VisualizerProcess(executable: vizPath, arguments: ["--fps", "1000"])
        let scene = Scene(world: Rect(x: 0, y: 0, width: 1, height: 1),
                          primitives: Array(repeating: .rect(Rect(x: 0, y: 0, width: 0.5, height: 0.5), red), count: 100))
        try viz.send(scene)
        #expect(!viz.isClosed)
        #expect(kill(viz.pid, SIGKILL) == 0)
        // Each frame is ~2.5 KB and the pipe holds at most 64 KiB, so within a few dozen sends a
        // write blocks until the child is gone and then fails with EPIPE (SIGPIPE is ignored).
        var sends = 0
        while !viz.isClosed && sends < 10_000 {
            try viz.send(scene)
            sends += 1
        }
        #expect(viz.isClosed)
        try viz.send(scene)  // a no-op now
        #expect(viz.close() == .signalled(SIGKILL))
        #expect(throws: VisualizerError.self) { try viz.finish() }
    }

    @Test("watch --random streams every step of 2 episodes and returns what a replay computes")
    func watchRandom() throws {
        let registry = try EnvironmentRegistry([
            EnvironmentSpec(id: "Corridor-v0", maxEpisodeSteps: 6) { _ in Corridor() },
            EnvironmentSpec(id: "Blind-v0") { _ in BlindCorridor() },
        ])
        var printed: [Int] = []
        let returns = try Watch.watch(id: "Corridor-v0", policy: .random, episodes: 2, fps: 1000, seed: 7,
                                      registry: registry, visualizer: vizPath) { episode, _ in printed.append(episode) }
        // Replay: the same seeds, the same draws, the corridor's own rules, the 6-step limit.
        var rng = SeededGenerator(seed: 7)
        var env = Corridor()
        var expected: [Double] = []
        for episode in 1...2 {
            _ = env.reset(seed: episode == 1 ? 7 : nil)
            var total = 0.0, steps = 0, done = false
            while !done && steps < 6 {
                let step = env.step(env.actionSpace.sample(using: &rng))
                total += step.reward; steps += 1; done = step.isDone
            }
            expected.append(total)
        }
        #expect(returns == expected)
        #expect(printed == [1, 2])
        #expect(throws: CommandError.self) {
            _ = try Watch.watch(id: "Blind-v0", policy: .random, episodes: 1, fps: 50, seed: 0,
                                registry: registry, visualizer: vizPath)
        }
    }

    @Test("the policy hook gets the observation's features and its action index is applied")
    func watchPolicyHook() throws {
        let registry = try EnvironmentRegistry([
            EnvironmentSpec(id: "Corridor-v0", maxEpisodeSteps: 50) { _ in Corridor() },
        ])
        nonisolated(unsafe) var seen: [[Float]] = []
        // Always right: the goal (cell 3) is 3 steps from cell 0, +1 per step.
        let returns = try Watch.watch(id: "Corridor-v0", policy: .features { features in seen.append(features); return 1 },
                                      episodes: 1, fps: 1000, seed: 1, registry: registry, visualizer: vizPath)
        #expect(returns == [3])
        #expect(seen == [[0], [1], [2]])
    }
}

@Suite("dojo watch end to end", .serialized,
       .disabled(if: vizLeftOut, "DOJO_NO_VIZ is set: dojo-viz is not built"),
       .enabled(if: hasCartPole, "CartPole-v1 is not registered yet"))
struct WatchEndToEndTests {
    @Test("dojo watch --random --env CartPole-v1 --episodes 2 under the offscreen driver exits 0 and prints 2 returns")
    func cartPole() throws {
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "offscreen"
        env["DOJO_VIZ"] = nil
        let run = try runDojo(["watch", "--random", "--env", "CartPole-v1", "--episodes", "2", "--fps", "1000"],
                              environment: env)
        #expect(run.status == 0, "\(run.err)")
        let lines = run.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        for (i, line) in lines.enumerated() {
            let parts = line.split(separator: " ")
            #expect(parts.count == 4 && parts[0] == "episode" && parts[1] == "\(i + 1)" && parts[2] == "return", "\(line)")
            // A random CartPole episode lasts at least 8 steps (the pole needs time to fall past 12°).
            #expect((parts.count == 4 ? Int(parts[3]) : nil).map { $0 >= 8 && $0 <= 500 } == true, "\(line)")
        }
    }

    @Test("dojo watch without a display says so in one line and exits non-zero")
    func noDisplay() throws {
        var env = ProcessInfo.processInfo.environment
        for key in ["DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER", "DOJO_VIZ"] { env[key] = nil }
        let run = try runDojo(["watch", "--random", "--env", "CartPole-v1", "--episodes", "2"], environment: env)
        #expect(run.status == 1)
        #expect(run.out.isEmpty)
        #expect(run.err == "dojo: error: dojo-viz: no display: DISPLAY is not set; "
                + "set DISPLAY, or SDL_VIDEODRIVER=offscreen to run headless\n")
    }
}

@Suite("dojo watch without SDL")
struct WatchMessageTests {
    @Test("a missing visualizer is reported with how to build it")
    func missingVisualizer() {
        let error = #expect(throws: VisualizerError.self) {
            _ = try VisualizerProcess(executable: "/nonexistent/dojo-viz")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("swift build --product dojo-viz") && message.contains("libsdl2-dev"), "\(message)")
        #expect(VisualizerError.notFound(lookedIn: "/x").description.contains("DOJO_VIZ"))
    }

    @Test("returns print as integers when whole and with two decimals otherwise")
    func returnFormat() {
        #expect(formatReturn(23) == "23")
        #expect(formatReturn(-100) == "-100")
        #expect(formatReturn(0.5) == "0.50")
        #expect(formatReturn(-1.234) == "-1.23")
    }
}

/// Cells 0...3; action 1 moves right, 0 left (not below 0); +1 per step; reaching cell 3 ends it.
struct Corridor: Environment, Renderable {
    var position = 0
    var observationSpace: IndexSpace { IndexSpace(count: 4) }
    var actionSpace: IndexSpace { IndexSpace(count: 2) }

    mutating func reset(seed: UInt64?) -> Int {
        position = 0
        return position
    }

    mutating func step(_ action: Int) -> Step<Int> {
        position = max(0, position + (action == 1 ? 1 : -1))
        return Step(observation: position, reward: 1, terminated: position == 3, truncated: false)
    }

    func render() -> Scene {
        Scene(world: Rect(x: 0, y: 0, width: 4, height: 1), background: .white,
              primitives: [.rect(Rect(x: Float(position), y: 0, width: 1, height: 1), blue)])
    }
}

/// The same corridor without rendering: nothing to watch.
struct BlindCorridor: Environment {
    var inner = Corridor()
    var observationSpace: IndexSpace { inner.observationSpace }
    var actionSpace: IndexSpace { inner.actionSpace }
    mutating func reset(seed: UInt64?) -> Int { inner.reset(seed: seed) }
    mutating func step(_ action: Int) -> Step<Int> { inner.step(action) }
}

/// 0..<count, encoded as the index itself (one feature).
struct IndexSpace: Space {
    let count: Int
    var description: String { "IndexSpace(\(count))" }
    func contains(_ element: Int) -> Bool { (0..<count).contains(element) }
    func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int { generator.nextIndex(below: count) }
    var featureCount: Int? { 1 }
    func encode(_ element: Int, into features: UnsafeMutableBufferPointer<Float>) { features[0] = Float(element) }
    var discreteCount: Int? { count }
    func element(atIndex i: Int) -> Int { i }
    func index(of element: Int) -> Int { element }
}
