import ArgumentParser
import DojoEnvs
import DojoRandom
import DojoRL

/// `dojo bench env [--json]`: raw environment steps per second on one core, CartPole-v1 and
/// FrozenLake-v1, single environment and a `VectorEnvironment` of 8 copies. Actions are uniform
/// from a `SeededGenerator`; an episode that ends is reset at once (no time limit: raw steps).
/// Each figure is the median of 5 timed runs of about 0.2 s each (the run length is calibrated
/// first). Build in release (`swift build -c release`) for meaningful numbers.
struct BenchEnv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Measure raw environment steps/s (CartPole-v1, FrozenLake-v1; single and vectorized)."
    )

    @OptionGroup var options: BenchOptions
    var json: Bool { options.json }

    @Option(help: "Timed runs per figure (the median is reported).")
    var repeats: Int = 5

    @Option(help: "Copies in the vectorized runs.")
    var copies: Int = 8

    @Option(help: "Only this environment (CartPole-v1 or FrozenLake-v1).")
    var only: String?

    func validate() throws {
        guard repeats > 0 else { throw ValidationError("--repeats must be positive, got \(repeats)") }
        guard copies > 0 else { throw ValidationError("--copies must be positive, got \(copies)") }
    }

    func run() throws {
        let frozenLake = try userFacing { try GridMap(parsing: BuiltinMaps.frozenLake4x4, source: "FrozenLake 4x4") }
        let lake = GridWorld(map: frozenLake, options: GridWorld.frozenLakeOptions(slippery: true))
        if !json { print("environment steps/s, one core, median of \(repeats)") }
        report("CartPole-v1", "single", 1, median { singleSteps(CartPole(), steps: $0) })
        report("CartPole-v1", "vector", copies, median { vectorSteps(CartPole(), copies: copies, steps: $0) })
        report("FrozenLake-v1", "single", 1, median { singleSteps(lake, steps: $0) })
        report("FrozenLake-v1", "vector", copies, median { vectorSteps(lake, copies: copies, steps: $0) })
    }

    private func report(_ env: String, _ mode: String, _ copies: Int, _ stepsPerSecond: @autoclosure () -> Double) {
        if let only, only != env { return }
        let stepsPerSecond = stepsPerSecond()
        if json {
            print("{\"bench\":\"env\",\"env\":\"\(env)\",\"mode\":\"\(mode)\",\"copies\":\(copies),"
                + "\"steps_per_s\":\(Int(stepsPerSecond.rounded()))}")
        } else {
            let label = mode == "single" ? "single" : "vector x\(copies)"
            print("  \(EnvFormatting.pad(env, 14))  \(EnvFormatting.pad(label, 10))  \(EnvFormatting.pad(formatRate(stepsPerSecond), 12, right: true)) steps/s")
        }
    }

    /// Calibrates a step count that takes about 0.2 s, then returns the median rate of `repeats` runs.
    /// `body(n)` takes about n steps and returns the steps it actually took.
    private func median(_ body: (Int) -> Int) -> Double {
        var n = 10_000
        while true {
            let (steps, seconds) = timed { body(n) }
            if seconds > 0.05 {
                n = max(1, Int(Double(steps) * 0.2 / seconds))
                break
            }
            n *= 4
        }
        let rates = (0..<repeats).map { _ -> Double in
            let (steps, seconds) = timed { body(n) }
            return Double(steps) / seconds
        }.sorted()
        return rates[rates.count / 2]
    }

    private func timed(_ body: () -> Int) -> (Int, Double) {
        let clock = ContinuousClock()
        var steps = 0
        let elapsed = clock.measure { steps = body() }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (steps, seconds)
    }
}

/// `steps` steps of one environment with uniform random actions, resetting when an episode ends.
fileprivate func singleSteps<E: Environment>(_ environment: E, steps: Int) -> Int where E.Action == Int {
    var env = environment
    var generator = SeededGenerator(seed: 1)
    let actions = UInt64(env.actionSpace.discreteCount ?? 1)
    _ = env.reset(seed: 1)
    var checksum = 0.0
    for _ in 0..<steps {
        let result = env.step(Int(generator.next(upperBound: actions)))
        checksum += result.reward
        if result.terminated || result.truncated { _ = env.reset(seed: nil) }
    }
    precondition(checksum.isFinite, "bench: non-finite return")
    return steps
}

/// About `steps` environment steps through a `VectorEnvironment` of `copies` copies (auto-reset).
fileprivate func vectorSteps<E: Environment>(_ environment: E, copies: Int, steps: Int) -> Int where E.Action == Int {
    var vector = VectorEnvironment(copying: environment, count: copies)
    var generator = SeededGenerator(seed: 1)
    let actionCount = UInt64(vector.actionSpace.discreteCount ?? 1)
    var actions = [Int](repeating: 0, count: copies)
    vector.reset(seed: 1)
    let calls = max(1, steps / copies)
    for _ in 0..<calls {
        for i in 0..<copies { actions[i] = Int(generator.next(upperBound: actionCount)) }
        vector.step(actions)
    }
    return calls * copies
}

fileprivate func formatRate(_ rate: Double) -> String {
    if rate >= 1e6 { return "\(Double(Int(rate / 1e4)) / 100)M" }
    if rate >= 1e3 { return "\(Double(Int(rate / 10)) / 100)k" }
    return "\(Int(rate))"
}
