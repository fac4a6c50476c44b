import DojoRL

/// Conformance checks every environment must pass, for tests over every built-in environment
/// (and a user's): the `EnvironmentChecker` on the raw environment and on the registry's wrapping
/// (`OrderEnforcing(TimeLimit(...))`), plus agreement between the environment and a
/// `VectorEnvironment` of it. Returns every problem, each a readable sentence; empty means it conforms.
public func environmentConformanceProblems<E: Environment>(_ environment: E, seed: UInt64 = 0,
                                                           timeLimit: Int = 50) -> [String] {
    var problems = EnvironmentChecker(environment, seed: seed).run().problems
    problems += EnvironmentChecker(OrderEnforcing(TimeLimit(environment, maxEpisodeSteps: timeLimit)), seed: seed)
        .run().problems.map { "wrapped: \($0)" }

    if let n = environment.observationSpace.featureCount {
        var single = environment
        let first = single.reset(seed: seed)
        var expected = [Float](repeating: 0, count: n)
        expected.withUnsafeMutableBufferPointer { environment.observationSpace.encode(first, into: $0) }
        var vector = VectorEnvironment(copying: environment, count: 2)
        vector.reset(seed: seed)
        if Array(vector.observation(0)) != expected {
            problems.append("VectorEnvironment row 0 after reset(seed: \(seed)) is \(Array(vector.observation(0))), "
                + "but the environment's own reset encodes to \(expected)")
        }
    }

    if let n = environment.actionSpace.discreteCount {
        for i in 0..<n where environment.actionSpace.index(of: environment.actionSpace.element(atIndex: i)) != i {
            problems.append("action index \(i) does not round-trip through element(atIndex:) and index(of:)")
        }
    }
    return problems
}
