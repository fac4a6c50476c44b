/// Steps `count` copies of an environment in lockstep and keeps their observations, rewards and
/// flags in contiguous arrays an agent reads directly, as Gymnasium's `SyncVectorEnv`.
///
/// Auto-reset is **same-step** (Gymnasium's `AutoresetMode.SAME_STEP`): when copy `i` ends an
/// episode (terminated or truncated), it is reset inside the same `step` call. Row `i` of
/// `observations` then holds the new episode's first observation, and row `i` of
/// `finalObservations` the observation the episode ended on, which is what a replay buffer stores
/// as the next state (with `terminated[i]` deciding whether to bootstrap from it). Rows of
/// `finalObservations` for copies that did not end this step are left as they were.
///
/// Storage is allocated once, in `init`; `reset` and `step` write into it without allocating
/// (as long as the environments' own steps do not). Observations are encoded with the
/// observation space's flat encoding, row-major, `count x featureCount`.
///
/// Seeding: `reset(seed: s)` resets copy `i` with seed `s + i` (Gymnasium's convention);
/// auto-resets continue each copy's own random stream (`reset(seed: nil)`).
public struct VectorEnvironment<E: Environment> {
    public private(set) var environments: [E]
    /// Number of copies.
    public let count: Int
    /// Features per observation row.
    public let featureCount: Int
    /// The spaces of the copies (read from the first; all copies are of one kind).
    public let observationSpace: E.ObservationSpace
    public let actionSpace: E.ActionSpace

    /// `count x featureCount`: what each copy acts on next.
    public private(set) var observations: [Float]
    /// `count x featureCount`: for copies that ended an episode on the last step, its final observation.
    public private(set) var finalObservations: [Float]
    /// Each copy's reward on the last step.
    public private(set) var rewards: [Float]
    public private(set) var terminated: [Bool]
    public private(set) var truncated: [Bool]
    /// Return and length of each copy's episode in progress.
    public private(set) var episodeReturns: [Double]
    public private(set) var episodeLengths: [Int]
    /// For copies that ended an episode on the last step: that episode's return and length.
    public private(set) var finishedReturns: [Double]
    public private(set) var finishedLengths: [Int]
    /// Episodes finished by all copies since the last `reset`.
    public private(set) var finishedEpisodes = 0
    /// Environment steps taken by all copies together since the last `reset`.
    public private(set) var totalSteps = 0

    /// `count` copies of `environment` (value copies; each is reset with its own seed).
    public init(copying environment: E, count: Int) {
        self.init(Array(repeating: environment, count: count))
    }

    public init(_ environments: [E]) {
        precondition(!environments.isEmpty, "VectorEnvironment: needs at least one environment")
        guard let features = environments[0].observationSpace.featureCount else {
            preconditionFailure("VectorEnvironment: observation space \(environments[0].observationSpace) "
                + "has no flat Float32 encoding")
        }
        self.environments = environments
        observationSpace = environments[0].observationSpace
        actionSpace = environments[0].actionSpace
        count = environments.count
        featureCount = features
        observations = Array(repeating: 0, count: count * features)
        finalObservations = Array(repeating: 0, count: count * features)
        rewards = Array(repeating: 0, count: count)
        terminated = Array(repeating: false, count: count)
        truncated = Array(repeating: false, count: count)
        episodeReturns = Array(repeating: 0, count: count)
        episodeLengths = Array(repeating: 0, count: count)
        finishedReturns = Array(repeating: 0, count: count)
        finishedLengths = Array(repeating: 0, count: count)
    }


    /// Resets every copy (copy `i` with `seed + i`, or continuing its stream when `seed` is nil).
    public mutating func reset(seed: UInt64?) {
        for i in 0..<count {
            let observation = environments[i].reset(seed: seed.map { $0 &+ UInt64(i) })
            write(observation, row: i, into: &observations)
            rewards[i] = 0
            terminated[i] = false
            truncated[i] = false
            episodeReturns[i] = 0
            episodeLengths[i] = 0
        }
        finishedEpisodes = 0
        totalSteps = 0
    }

    /// Steps copy `i` with `actions[i]`, auto-resetting copies whose episode ends.
    public mutating func step(_ actions: [E.Action]) {
        precondition(actions.count == count, "VectorEnvironment.step: \(actions.count) actions for \(count) environments")
        for i in 0..<count { stepCopy(i, actions[i]) }
        totalSteps += count
    }

    /// Steps copy `i` with the action whose index in the (discrete) action space is `indices[i]`.
    public mutating func step(actionIndices indices: [Int]) {
        precondition(indices.count == count, "VectorEnvironment.step: \(indices.count) actions for \(count) environments")
        let space = actionSpace
        for i in 0..<count { stepCopy(i, space.element(atIndex: indices[i])) }
        totalSteps += count
    }

    /// The row of `observations` for copy `i`.
    public func observation(_ i: Int) -> ArraySlice<Float> {
        observations[i * featureCount ..< (i + 1) * featureCount]
    }

    /// The row of `finalObservations` for copy `i`.
    public func finalObservation(_ i: Int) -> ArraySlice<Float> {
        finalObservations[i * featureCount ..< (i + 1) * featureCount]
    }

    private mutating func stepCopy(_ i: Int, _ action: E.Action) {
        let result = environments[i].step(action)
        rewards[i] = Float(result.reward)
        terminated[i] = result.terminated
        truncated[i] = result.truncated
        episodeReturns[i] += result.reward
        episodeLengths[i] += 1
        if result.isDone {
            write(result.observation, row: i, into: &finalObservations)
            finishedReturns[i] = episodeReturns[i]
            finishedLengths[i] = episodeLengths[i]
            finishedEpisodes += 1
            episodeReturns[i] = 0
            episodeLengths[i] = 0
            let first = environments[i].reset(seed: nil)
            write(first, row: i, into: &observations)
        } else {
            write(result.observation, row: i, into: &observations)
        }
    }

    private func write(_ observation: E.Observation, row i: Int, into storage: inout [Float]) {
        let space = observationSpace
        let width = featureCount
        storage.withUnsafeMutableBufferPointer { buffer in
            space.encode(observation, into: UnsafeMutableBufferPointer(rebasing: buffer[i * width ..< (i + 1) * width]))
        }
    }
}
