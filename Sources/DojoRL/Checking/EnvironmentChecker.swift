import DojoRandom
import DojoScene

/// Checks that an environment keeps the contract of `Environment`, in the spirit of Gymnasium's
/// `utils.env_checker.check_env`, and reports every problem it finds rather than stopping at the
/// first. Actions are sampled from the action space with a `SeededGenerator(seed: seed)`, so a
/// report is reproducible. The checks, in order:
///
/// 1. **spaces**: 100 samples of each space are inside it; a space with a flat encoding writes
///    finite features; a discrete action space maps indices to elements and back.
/// 2. **reset**: `reset(seed:)` returns an observation inside the observation space.
/// 3. **step**: `steps` steps with random actions (resetting when an episode ends): every
///    observation is inside the observation space and every reward is finite. Each problem names
///    the step (counted from the last reset) and the value.
/// 4. **determinism**: two runs of `reset(seed: seed)` followed by the same `determinismSteps`
///    actions (resetting with `reset(seed: nil)` when an episode ends) give the same observations
///    (compared bit for bit through the flat encoding, or by description without one), rewards and
///    flags. The first difference is reported.
/// 5. **step after end**: an episode is run with random actions until it ends (skipped if it has
///    not ended after `maxEpisodeSteps`), then stepped once more without reset. That step passes
///    if the environment refuses it — it conforms to `OrderReporting` and its violation count
///    grows (what `OrderEnforcing` does) — or stays ended: the step again reports `terminated`
///    (or `truncated`) with reward 0 (an absorbing end, as CartPole and GridWorld have).
///    Anything else — an episode that silently continues or keeps paying reward — is a problem.
/// 6. **render**: if the environment is `Renderable`, `render()` after a reset gives a scene with a
///    finite world rectangle of positive size and at least one primitive; otherwise skipped.
///
/// The environment is taken by value and the caller's copy is left untouched (unless it is a
/// class, in which case it is stepped).
public struct EnvironmentChecker<E: Environment> {
    public var environment: E
    public var seed: UInt64
    /// Steps of the random run in the "step" check.
    public var steps: Int
    /// Steps compared in the "determinism" check.
    public var determinismSteps: Int
    /// How long to wait for an episode to end in the "step after end" check.
    public var maxEpisodeSteps: Int
    /// Problems reported per check before the rest are summarised as a count.
    public var problemsPerCheck = 5

    public init(_ environment: E, seed: UInt64 = 0, steps: Int = 1_000, determinismSteps: Int = 200,
                maxEpisodeSteps: Int = 10_000) {
        self.environment = environment
        self.seed = seed
        self.steps = steps
        self.determinismSteps = determinismSteps
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    /// Runs every check.
    public func run() -> EnvironmentCheckReport {
        EnvironmentCheckReport(results: [checkSpaces(), checkReset(), checkSteps(), checkDeterminism(),
                                         checkStepAfterEnd(), checkRender()])
    }

    // MARK: - The checks

    func checkSpaces() -> EnvironmentCheckResult {
        var problems = ProblemList(limit: problemsPerCheck)
        var generator = SeededGenerator(seed: seed)
        let observationSpace = environment.observationSpace
        let actionSpace = environment.actionSpace
        for _ in 0..<100 {
            let action = actionSpace.sample(using: &generator)
            if !actionSpace.contains(action) {
                problems.add("action space \(actionSpace) sampled \(action), which it does not contain")
            }
            let observation = observationSpace.sample(using: &generator)
            if !observationSpace.contains(observation) {
                problems.add("observation space \(observationSpace) sampled \(observation), which it does not contain")
            }
            if let features = Self.features(observation, in: observationSpace), features.contains(where: { !$0.isFinite }) {
                problems.add("observation space \(observationSpace) encodes \(observation) with non-finite features \(features)")
            }
            if let n = actionSpace.discreteCount {
                let i = actionSpace.index(of: action)
                if i < 0 || i >= n {
                    problems.add("action space \(actionSpace) gives \(action) the index \(i), outside 0..<\(n)")
                } else if "\(actionSpace.element(atIndex: i))" != "\(action)" {
                    problems.add("action space \(actionSpace): index(of: \(action)) is \(i) but element(atIndex: \(i)) is \(actionSpace.element(atIndex: i))")
                }
            }
        }
        let encoding = observationSpace.featureCount.map { "\($0) features" } ?? "no flat encoding"
        return problems.result("spaces", note: "observations \(observationSpace) (\(encoding)), actions \(actionSpace)")
    }

    func checkReset() -> EnvironmentCheckResult {
        var env = environment
        var problems = ProblemList(limit: problemsPerCheck)
        let observation = env.reset(seed: seed)
        if !env.observationSpace.contains(observation) {
            problems.add("reset(seed: \(seed)) returned \(observation), outside the observation space \(env.observationSpace)")
        }
        let again = env.reset(seed: nil)
        if !env.observationSpace.contains(again) {
            problems.add("reset(seed: nil) returned \(again), outside the observation space \(env.observationSpace)")
        }
        return problems.result("reset", note: "reset(seed: \(seed)) and reset(seed: nil)")
    }

    func checkSteps() -> EnvironmentCheckResult {
        var env = environment
        var problems = ProblemList(limit: problemsPerCheck)
        var generator = SeededGenerator(seed: seed)
        _ = env.reset(seed: seed)
        var stepInEpisode = 0
        var episodes = 0
        for _ in 0..<steps {
            let action = env.actionSpace.sample(using: &generator)
            let result = env.step(action)
            stepInEpisode += 1
            if !env.observationSpace.contains(result.observation) {
                problems.add("step \(stepInEpisode) of episode \(episodes + 1) (action \(action)) returned observation "
                    + "\(result.observation), outside the observation space \(env.observationSpace)")
            }
            if !result.reward.isFinite {
                problems.add("step \(stepInEpisode) of episode \(episodes + 1) (action \(action)) returned reward \(result.reward)")
            }
            if result.isDone {
                episodes += 1
                stepInEpisode = 0
                _ = env.reset(seed: nil)
            }
        }
        return problems.result("step", note: "\(steps) random steps, \(episodes) episodes ended")
    }

    func checkDeterminism() -> EnvironmentCheckResult {
        let first = trace()
        let second = trace()
        var problems = ProblemList(limit: problemsPerCheck)
        for (i, (a, b)) in zip(first, second).enumerated() {
            let place = i == 0 ? "reset(seed: \(seed))" : "step \(i) after reset(seed: \(seed))"
            if a.observation != b.observation {
                problems.add("\(place) gave observation \(a.shown) the first time and \(b.shown) the second")
                break
            }
            if a.reward.bitPattern != b.reward.bitPattern || a.terminated != b.terminated || a.truncated != b.truncated {
                problems.add("\(place) gave (reward \(a.reward), terminated \(a.terminated), truncated \(a.truncated)) the first time "
                    + "and (reward \(b.reward), terminated \(b.terminated), truncated \(b.truncated)) the second")
                break
            }
        }
        return problems.result("determinism", note: "two runs of reset(seed: \(seed)) and the same \(determinismSteps) actions")
    }

    func checkStepAfterEnd() -> EnvironmentCheckResult {
        var env = environment
        var generator = SeededGenerator(seed: seed)
        _ = env.reset(seed: seed)
        var length = 0
        var last: Step<E.Observation>?
        while length < maxEpisodeSteps {
            let result = env.step(env.actionSpace.sample(using: &generator))
            length += 1
            if result.isDone { last = result; break }
        }
        guard let ended = last else {
            return EnvironmentCheckResult(name: "step after end", status: .skipped,
                                          note: "no episode ended within \(maxEpisodeSteps) random steps")
        }
        let how = ended.terminated ? "terminated" : "truncated"
        let violationsBefore = (env as? any OrderReporting)?.orderViolationCount
        let extra = env.step(env.actionSpace.sample(using: &generator))
        if let before = violationsBefore, let reporter = env as? any OrderReporting, reporter.orderViolationCount > before {
            let message = reporter.lastOrderViolation.map { "\($0)" } ?? "a violation"
            return EnvironmentCheckResult(name: "step after end", status: .passed,
                                          note: "episode \(how) at step \(length); the next step was refused: \(message)")
        }
        let staysEnded = (ended.terminated && extra.terminated) || (!ended.terminated && extra.truncated)
        if staysEnded && extra.reward == 0 {
            return EnvironmentCheckResult(name: "step after end", status: .passed,
                                          note: "episode \(how) at step \(length); the next step stayed \(how) with reward 0")
        }
        let problem = "the episode \(how) at step \(length), yet step \(length + 1) without reset was accepted without complaint "
            + "(reward \(extra.reward), terminated \(extra.terminated), truncated \(extra.truncated)); "
            + "an ended episode must stay ended with reward 0, or the step must be refused (wrap the environment in OrderEnforcing)"
        return EnvironmentCheckResult(name: "step after end", status: .failed, problems: [problem])
    }

    func checkRender() -> EnvironmentCheckResult {
        var env = environment
        _ = env.reset(seed: seed)
        guard let renderable = env as? any Renderable else {
            return EnvironmentCheckResult(name: "render", status: .skipped, note: "not Renderable")
        }
        let scene = renderable.render()
        var problems = ProblemList(limit: problemsPerCheck)
        let w = scene.world
        if !(w.x.isFinite && w.y.isFinite && w.width.isFinite && w.height.isFinite && w.width > 0 && w.height > 0) {
            problems.add("render() returned a scene whose world rectangle \(w) is not finite with positive size")
        }
        if scene.primitives.isEmpty {
            problems.add("render() returned a scene with nothing in it")
        }
        return problems.result("render", note: "\(scene.primitives.count) primitives")
    }

    // MARK: - Helpers

    struct Frame {
        /// The observation's flat encoding, bit patterns, or its description if it has none.
        var observation: [UInt32]
        var shown: String
        var reward: Double
        var terminated: Bool
        var truncated: Bool
    }

    /// `reset(seed:)` then `determinismSteps` steps of actions from a generator seeded with `seed`.
    func trace() -> [Frame] {
        var env = environment
        var generator = SeededGenerator(seed: seed)
        var frames = [frame(env.reset(seed: seed), in: env.observationSpace, reward: 0, false, false)]
        for _ in 0..<determinismSteps {
            let result = env.step(env.actionSpace.sample(using: &generator))
            frames.append(frame(result.observation, in: env.observationSpace, reward: result.reward,
                                result.terminated, result.truncated))
            if result.isDone { _ = env.reset(seed: nil) }
        }
        return frames
    }

    func frame(_ observation: E.Observation, in space: E.ObservationSpace, reward: Double,
               _ terminated: Bool, _ truncated: Bool) -> Frame {
        let shown = "\(observation)"
        let bits = Self.features(observation, in: space)?.map(\.bitPattern) ?? Array(shown.unicodeScalars.map(\.value))
        return Frame(observation: bits, shown: shown, reward: reward, terminated: terminated, truncated: truncated)
    }

    /// The flat encoding of `observation`, if the space has one and contains it.
    static func features(_ observation: E.Observation, in space: E.ObservationSpace) -> [Float]? {
        guard let n = space.featureCount, space.contains(observation) else { return nil }
        var features = [Float](repeating: 0, count: n)
        features.withUnsafeMutableBufferPointer { space.encode(observation, into: $0) }
        return features
    }
}

/// Problems of one check, capped so a broken environment does not flood the report.
struct ProblemList {
    let limit: Int
    private(set) var messages: [String] = []
    private(set) var total = 0

    init(limit: Int) { self.limit = limit }

    mutating func add(_ message: String) {
        total += 1
        if messages.count < limit { messages.append(message) }
    }

    func result(_ name: String, note: String) -> EnvironmentCheckResult {
        var all = messages
        if total > messages.count { all.append("... and \(total - messages.count) more like these") }
        return EnvironmentCheckResult(name: name, status: all.isEmpty ? .passed : .failed, problems: all, note: note)
    }
}
