import ArgumentParser
import DojoAgents
import DojoNN
import DojoRandom
import DojoRL
import DojoScene

/// `dojo watch`: plays episodes and shows them in the `dojo-viz` window.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Show episodes of an environment in the dojo-viz window and print each return.",
        discussion: """
            Pace is set by dojo-viz, which draws --fps frames a second and holds only a couple \
            ahead: sending a frame blocks until there is room, so the episode runs at the speed \
            it is shown. Closing the window (or q) ends the command early with status 0. \
            With --run/--model the agent plays greedily (argmax of its Q-values); environments \
            with finitely many states that draw an overlay (the grid worlds) show the network's \
            state values max_a Q(s, a), red (lowest) through white to green (highest), and its \
            greedy action in each state as an arrow. \
            Headless (tests, CI): SDL_VIDEODRIVER=offscreen.
            """
    )

    @OptionGroup var source: ModelSourceOptions

    @Flag(help: "Watch a policy that samples uniformly from the action space (needs --env).")
    var random = false

    @Option(help: "Episodes to show.")
    var episodes = 3

    @Option(help: "Frames drawn per second.")
    var fps: Double = 50

    @Option(help: "Seed for the first reset and for the actions.")
    var seed: UInt64 = 0

    func validate() throws {
        let sources = [source.runName != nil, source.model != nil, random].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one of --run NAME, --model FILE, --random") }
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
        guard fps.isFinite, fps > 0, fps <= 1000 else { throw ValidationError("--fps must be in (0, 1000], got \(fps)") }
        if random && source.env == nil { throw ValidationError("--random needs --env ID") }
    }

    func run() throws {
        let id: String
        let policy: WatchPolicy
        if random {
            id = source.env ?? ""
            policy = .random
        } else {
            let loaded = try source.load()
            id = try source.environmentID(for: loaded)
            policy = .qNetwork(loaded.network)
        }
        _ = try Self.watch(id: id, policy: policy, episodes: episodes, fps: fps, seed: seed,
                           options: source.environmentOptions()) { episode, total in
            print("episode \(episode) return \(formatReturn(total))")
        }
    }

    /// Makes environment `id` from `registry`, starts `dojo-viz` (or uses `visualizer`), shows
    /// `episodes` episodes, and returns each finished episode's return (fewer if the window closed).
    /// Throws one-line errors: unknown id, an environment that cannot render, no visualizer, a
    /// visualizer that failed (no display).
    static func watch(id: String, policy: WatchPolicy, episodes: Int, fps: Double, seed: UInt64,
                      options: EnvironmentOptions = EnvironmentOptions(),
                      registry: EnvironmentRegistry = CommandContext.registry, visualizer: String? = nil,
                      onEpisode: (_ episode: Int, _ total: Double) -> Void = { _, _ in }) throws -> [Double] {
        let spec = try userFacing { try registry.spec(id) }
        let raw = try userFacing { try spec.factory(options) }
        guard let renderable = raw as? any Environment & Renderable else {
            throw CommandError("environment '\(id)' does not render (conform it to Renderable to watch it)")
        }
        let viz = try userFacing {
            try VisualizerProcess(executable: visualizer ?? VisualizerProcess.locate(),
                                  arguments: ["--fps", "\(fps)", "--title", "dojo watch \(id)"])
        }
        let returns: [Double]
        do {
            returns = try show(renderable, id: id, maxEpisodeSteps: spec.maxEpisodeSteps, policy: policy,
                               episodes: episodes, seed: seed, to: viz, onEpisode: onEpisode)
        } catch {
            viz.close()
            throw CommandError(error)
        }
        try userFacing { try viz.finish() }
        return returns
    }

    /// Plays up to `episodes` episodes of `env`, sending a scene after the reset and after every
    /// step, with the caption "ID  episode E  step T  return R". Episodes end on termination or
    /// after `maxEpisodeSteps` steps (the registry's time limit, applied here because `env` is
    /// the raw environment). The first reset uses `seed`, later ones continue the environment's
    /// stream; random actions draw from a generator seeded with `seed` too.
    /// With `.qNetwork`, an environment that draws overlays (`StateOverlayRenderable`) is shown
    /// with the network's state values and greedy actions (computed once: the network is fixed).
    /// Stops early, without error, when the visualizer has closed.
    static func show<E: Environment & Renderable>(
        _ env: E, id: String, maxEpisodeSteps: Int?, policy: WatchPolicy, episodes: Int, seed: UInt64,
        to viz: VisualizerProcess, onEpisode: (_ episode: Int, _ total: Double) -> Void
    ) throws -> [Double] {
        var env = env
        var rng = SeededGenerator(seed: seed)
        var chooser = try ActionChooser(policy: policy, observationSpace: env.observationSpace,
                                        actionSpace: env.actionSpace)
        let overlay = chooser.overlay(for: env)
        func scene() -> Scene {
            guard let overlay, let overlaid = env as? any StateOverlayRenderable else { return env.render() }
            return overlay.scene(of: overlaid)
        }
        var returns: [Double] = []
        for episode in 1...episodes {
            var observation = env.reset(seed: episode == 1 ? seed : nil)
            var total = 0.0
            var steps = 0
            try viz.send(captioned(scene(), "\(id)  episode \(episode)  step 0  return 0"))
            while true {
                let action = try chooser.action(for: observation, using: &rng)
                let step = env.step(action)
                observation = step.observation
                total += step.reward
                steps += 1
                try viz.send(captioned(scene(), "\(id)  episode \(episode)  step \(steps)  return \(formatReturn(total))"))
                if viz.isClosed { return returns }
                if step.isDone || steps >= (maxEpisodeSteps ?? .max) { break }
            }
            returns.append(total)
            onEpisode(episode, total)
        }
        return returns
    }

    private static func captioned(_ scene: Scene, _ caption: String) -> Scene {
        var scene = scene
        scene.caption = caption
        return scene
    }
}

/// How `watch` picks actions.
enum WatchPolicy {
    /// Uniform samples from the action space.
    case random
    /// A trained agent's greedy choice: the observation's flat features (`Space.encode`) in,
    /// an action index (0..<discreteCount) out.
    case features(([Float]) -> Int)
    /// A trained Q-network, played greedily (argmax_a Q(s, a)); its values also feed the overlay
    /// of environments that draw one. `--run`/`--model` use this.
    case qNetwork(Sequential)
}

/// `WatchPolicy` bound to one environment's spaces, with the feature buffer it reuses.
private struct ActionChooser<Observations: Space, Actions: Space> {
    let policy: WatchPolicy
    let observationSpace: Observations
    let actionSpace: Actions
    var features: [Float] = []
    var greedy: GreedyPolicy?

    init(policy: WatchPolicy, observationSpace: Observations, actionSpace: Actions) throws {
        self.policy = policy
        self.observationSpace = observationSpace
        self.actionSpace = actionSpace
        switch policy {
        case .random:
            return
        case .features, .qNetwork:
            guard let count = observationSpace.featureCount else {
                throw CommandError("observation space \(observationSpace) has no flat feature encoding for the agent")
            }
            guard actionSpace.discreteCount != nil else {
                throw CommandError("action space \(actionSpace) is not discrete; the agent picks actions by index")
            }
            features = [Float](repeating: 0, count: count)
        }
        if case .qNetwork(let network) = policy {
            guard network.inputSize == features.count, network.outputSize == actionSpace.discreteCount else {
                throw CommandError(EvaluationError.shapeMismatch(
                    networkInputs: network.inputSize, networkOutputs: network.outputSize,
                    features: features.count, actions: actionSpace.discreteCount))
            }
            greedy = GreedyPolicy(network: network)
        }
    }

    /// The network's value/action overlay over `env`'s states, when there is a network and `env`
    /// draws overlays.
    func overlay<E: Renderable>(for env: E) -> ValueOverlay? {
        guard case .qNetwork(let network) = policy, let overlaid = env as? any StateOverlayRenderable else { return nil }
        return ValueOverlay.compute(overlaid, network: network)
    }

    mutating func action(for observation: Observations.Element, using rng: inout SeededGenerator) throws -> Actions.Element {
        switch policy {
        case .random:
            return actionSpace.sample(using: &rng)
        case .features(let greedy):
            encode(observation)
            return try element(greedy(features))
        case .qNetwork:
            encode(observation)
            // `greedy` is set by init for this policy; -1 (rejected by `element`) cannot happen.
            let index = features.withUnsafeBufferPointer { greedy?.action($0) } ?? -1
            return try element(index)
        }
    }

    private mutating func encode(_ observation: Observations.Element) {
        let space = observationSpace
        features.withUnsafeMutableBufferPointer { space.encode(observation, into: $0) }
    }

    private func element(_ index: Int) throws -> Actions.Element {
        let count = actionSpace.discreteCount ?? 0
        guard (0..<count).contains(index) else {
            throw CommandError("the policy chose action \(index), outside 0..<\(count)")
        }
        return actionSpace.element(atIndex: index)
    }
}

/// A return as a user reads it: whole numbers without a fraction ("23"), others to 2 places.
func formatReturn(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    let hundredths = (value * 100).rounded()
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = Int(abs(hundredths))
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
