import ArgumentParser
import DojoRL

/// `dojo check-env ID`: runs `EnvironmentChecker` on the raw environment (no registry wrappers,
/// so they cannot hide its mistakes) and the registry checks on its spec; prints each check and
/// its result; exits 1 if anything failed.
struct CheckEnv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-env",
        abstract: "Check an environment against the environment contract (spaces, reset/step, determinism, rendering)."
    )

    @Argument(help: "The environment id (see `dojo envs`).")
    var id: String

    @Option(help: "A map file, for environments built from maps (gridworld).")
    var map: String?

    @Option(help: "Seed for the checker's resets and random actions.")
    var seed: UInt64 = 0

    @Option(help: "Random steps in the step check.")
    var steps: Int = 1_000

    func validate() throws {
        guard steps > 0 else { throw ValidationError("--steps must be positive, got \(steps)") }
    }

    func run() throws {
        let spec = try userFacing { try CommandContext.registry.spec(id) }
        let env = try userFacing { try spec.factory(environmentOptions(mapFile: map)) }
        print("Checking \(id) (the raw environment, seed \(seed))")
        let report = check(env)
        var problemCount = 0
        let registration = EnvironmentRegistry.problems(in: CommandContext.registry.specs)
            .filter { $0.contains("'\(id)'") }
        let registrationNote = "id, time limit \(spec.maxEpisodeSteps.map(String.init) ?? "none"), "
            + "threshold \(spec.rewardThreshold.map { "\($0)" } ?? "none")"
        let results = [EnvironmentCheckResult(name: "registration", status: registration.isEmpty ? .passed : .failed,
                                              problems: registration, note: registrationNote)] + report.results
        let width = results.map(\.name.count).max() ?? 0
        for result in results {
            let status: String
            switch result.status {
            case .passed: status = "PASS"
            case .failed: status = "FAIL"
            case .skipped: status = "SKIP"
            }
            print(EnvFormatting.trimmingTrailingSpaces("  \(status)  \(EnvFormatting.pad(result.name, width))  \(result.note)"))
            for problem in result.problems { print("        - \(problem)") }
            problemCount += result.problems.count
        }
        guard problemCount == 0 else {
            throw CommandError("check-env: \(problemCount) problem\(problemCount == 1 ? "" : "s") found in '\(id)'")
        }
        print("All checks passed.")
    }

    func check<E: Environment>(_ env: E) -> EnvironmentCheckReport {
        EnvironmentChecker(env, seed: seed, steps: steps).run()
    }
}
