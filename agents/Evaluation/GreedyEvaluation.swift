import Dispatch
import DojoNN
import DojoRL

/// One evaluation episode's outcome.
public struct EpisodeOutcome: Sendable, Equatable {
    public var episodeReturn: Double
    public var length: Int
}

/// A deterministic greedy policy over a Q-network: a = argmax_a Q(s, a). Through
/// `SingleInference` when the network allows (Dense and ReLU layers, Dojo's kernel), else
/// `Sequential.forward`.
public struct GreedyPolicy {
    public private(set) var network: Sequential
    var input: Matrix
    /// A copy of `network`'s weights for one-input passes (a class: copies of this policy share it,
    /// so each evaluation thread makes its own policy).
    private let single: SingleInference?

    public init(network: Sequential) {
        self.network = network
        input = Matrix(rows: 1, cols: network.inputSize)
        single = SingleInference(network)
    }

    /// The greedy action for one observation's features.
    public mutating func action(_ features: UnsafeBufferPointer<Float>) -> Int {
        checkCount(features)
        if let single { return single.argmax(features.baseAddress!) }
        return DQN.argmaxRows(forward(features), row: 0)
    }

    /// Q-values for one observation (for overlays and inspection).
    public mutating func qValues(_ features: UnsafeBufferPointer<Float>) -> [Float] {
        checkCount(features)
        if let single { return Array(UnsafeBufferPointer(start: single.run(features.baseAddress!), count: single.outputSize)) }
        return forward(features).row(0)
    }

    private func checkCount(_ features: UnsafeBufferPointer<Float>) {
        precondition(features.count == input.cols, "GreedyPolicy: expected \(input.cols) features, got \(features.count)")
    }

    /// One forward pass on `features` (the network used to run twice per `qValues` call).
    private mutating func forward(_ features: UnsafeBufferPointer<Float>) -> Matrix {
        input.storage.withUnsafeMutableBufferPointer { dst in
            for i in 0..<features.count { dst[i] = features[i] }
        }
        return network.forward(input)
    }
}

public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(networkInputs: Int, networkOutputs: Int, features: Int?, actions: Int?)

    public var description: String {
        switch self {
        case let .shapeMismatch(inputs, outputs, features, actions):
            return "the model takes \(inputs) features and gives \(outputs) action values, but the environment has "
                + "\(features.map(String.init) ?? "no vector") features and \(actions.map(String.init) ?? "no discrete") actions"
        }
    }
}

/// Runs greedy episodes of `network` on copies of `env` (environments are values: each episode
/// gets its own copy, reset with seed `seed + i`). Episodes are spread over `threads` threads;
/// results are stored by episode index, so they do not depend on the thread count.
///
/// An episode is cut after `maxEpisodeSteps` steps, so an environment registered without a time
/// limit whose greedy policy never ends it cannot hang an evaluation.
public func evaluateGreedy<E: Environment>(network: Sequential, env: E, episodes: Int, seed: UInt64,
                                          threads: Int = 1, maxEpisodeSteps: Int = 100_000) throws -> [EpisodeOutcome] {
    let features = env.observationSpace.featureCount
    let actions = env.actionSpace.discreteCount
    guard features == network.inputSize, actions == network.outputSize else {
        throw EvaluationError.shapeMismatch(networkInputs: network.inputSize, networkOutputs: network.outputSize,
                                            features: features, actions: actions)
    }
    let workers = max(1, min(threads, episodes))
    let results = UnsafeMutableBufferPointer<EpisodeOutcome>.allocate(capacity: max(episodes, 1))
    defer { results.deallocate() }
    let box = UnsafeSendable(results)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var policy = GreedyPolicy(network: network)
        var buffer = [Float](repeating: 0, count: network.inputSize)
        for i in stride(from: worker, to: episodes, by: workers) {
            var copy = env
            var obs = copy.reset(seed: seed &+ UInt64(i))
            var total = 0.0
            var length = 0
            while true {
                buffer.withUnsafeMutableBufferPointer { copy.observationSpace.encode(obs, into: $0) }
                let a = buffer.withUnsafeBufferPointer { policy.action($0) }
                let step = copy.step(copy.actionSpace.element(atIndex: a))
                total += step.reward
                length += 1
                obs = step.observation
                if step.terminated || step.truncated || length >= maxEpisodeSteps { break }
            }
            (box.value.baseAddress! + i).initialize(to: EpisodeOutcome(episodeReturn: total, length: length))
        }
    }
    return Array(results.prefix(episodes))
}

/// Lets disjoint writes into one buffer cross threads; each index is written by one worker only.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
