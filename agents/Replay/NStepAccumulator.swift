/// Turns single steps into n-step transitions (Sutton and Barto §7.1; Hessel et al. 2018):
///
///     R = r_t + γ r_{t+1} + … + γ^{k-1} r_{t+k-1},   d = γ^k  (0 if the episode terminated)
///
/// with k = n, except at an episode's end, where every pending start is flushed with the rewards
/// it has (k < n). A terminated episode gives d = 0 (no bootstrap); a truncated one keeps
/// d = γ^k and bootstraps from the last observation, because a time limit is not part of the MDP.
/// With n = 1 this is the ordinary one-step transition.
public struct NStepAccumulator: Sendable {
    public let n: Int
    public let gamma: Float
    public let observationSize: Int

    // A ring of up to n pending starts: their observations, actions and rewards so far.
    private var observations: [Float]
    private var actions: [Int]
    private var returns: [Float]
    private var lengths: [Int]
    private var head = 0
    private var pending = 0

    public init(n: Int, gamma: Float, observationSize: Int) {
        precondition(n >= 1, "NStepAccumulator: n must be >= 1, got \(n)")
        self.n = n
        self.gamma = gamma
        self.observationSize = observationSize
        observations = Array(repeating: 0, count: n * observationSize)
        actions = Array(repeating: 0, count: n)
        returns = Array(repeating: 0, count: n)
        lengths = Array(repeating: 0, count: n)
    }

    /// Adds one step and calls `emit(observation, action, R, nextObservation, d)` for every
    /// transition that is complete after it (none, one, or at an episode's end all pending).
    public mutating func push(observation: UnsafeBufferPointer<Float>, action: Int, reward: Float,
                              nextObservation: UnsafeBufferPointer<Float>,
                              terminated: Bool, truncated: Bool,
                              emit: (UnsafeBufferPointer<Float>, Int, Float, UnsafeBufferPointer<Float>, Float) -> Void) {
        // Start a new pending transition at this step.
        let slot = (head + pending) % n
        observations.withUnsafeMutableBufferPointer { dst in
            for i in 0..<observationSize { dst[slot * observationSize + i] = observation[i] }
        }
        actions[slot] = action
        returns[slot] = 0
        lengths[slot] = 0
        pending += 1
        // Every pending start receives this reward, discounted by how far back it began.
        for j in 0..<pending {
            let s = (head + j) % n
            returns[s] += discountPower(lengths[s]) * reward
            lengths[s] += 1
        }
        let episodeOver = terminated || truncated
        while pending > 0 && (episodeOver || lengths[head] == n) {
            let k = lengths[head]
            let discount: Float = terminated ? 0 : discountPower(k)
            observations.withUnsafeBufferPointer { all in
                let start = UnsafeBufferPointer(rebasing: all[(head * observationSize)..<((head + 1) * observationSize)])
                emit(start, actions[head], returns[head], nextObservation, discount)
            }
            head = (head + 1) % n
            pending -= 1
        }
        if episodeOver { head = 0 }
    }

    /// Pending starts not yet emitted (0 at every episode boundary).
    public var pendingCount: Int { pending }

    private func discountPower(_ k: Int) -> Float {
        var p: Float = 1
        for _ in 0..<k { p *= gamma }
        return p
    }
}
