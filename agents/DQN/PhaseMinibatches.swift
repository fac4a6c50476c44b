import DojoNN
import DojoRandom

/// A training phase's minibatches, drawn before its first step, with all their TD targets
/// computed in one pass of the target network.
///
/// This is possible when no step of a phase changes what a later step draws or bootstraps from:
/// - uniform replay (prioritized draws depend on the priorities each step updates);
/// - plain DQN targets (Double DQN picks a* with the online network, which each step changes);
/// - the target network fixed for the phase. It is: `DQNTrainer` updates it only between phases,
///   as Stable-Baselines3 does.
/// The draws are those of `count` separate draws, in the same order, so a run gives the same
/// minibatches either way. The targets differ from step-by-step ones in float rounding at most.
///
/// Why: the target network's forward pass is a quarter of a step's arithmetic. Over a phase's
/// count x batch next observations it runs as 256-row products, which sgemm runs at about 102
/// GFLOP/s against about 90 at 64 rows, split by rows between the two threads. And the steps that
/// follow no longer touch the target weights or their activations, so more of what they do
/// touch stays in cache.
struct PhaseMinibatches {
    /// Rows per target-network pass: large enough for sgemm's peak, small enough that a pass's
    /// activations (rows x hidden) and the weights stay in a core's L2 cache.
    static let chunkRows = 256

    let batchSize: Int
    let observationSize: Int
    /// The phase's minibatches, one after another (steps x batchSize rows).
    private var all: ReplayBatch
    private var targets: [Float]
    /// One copy of the target network per thread: a forward pass writes its activations.
    private var networks: [Sequential] = []
    /// Each thread's input rows for one pass.
    private var chunks: [Matrix]

    init(batchSize: Int, observationSize: Int) {
        self.batchSize = batchSize
        self.observationSize = observationSize
        all = ReplayBatch(size: batchSize, observationSize: observationSize)
        targets = Array(repeating: 0, count: batchSize)
        chunks = [Matrix(rows: 0, cols: observationSize), Matrix(rows: 0, cols: observationSize)]
    }

    /// Minibatches drawn by `prepare`.
    var steps: Int { all.size / batchSize }

    /// Draws `count` minibatches uniformly from `buffer` and computes their targets
    /// y = R + d · max_a' Q⁻(s', a') with `target`, on the worker too when there is one.
    mutating func prepare(count: Int, from buffer: ReplayBuffer, target: Sequential, worker: PairedWorker?,
                          using rng: inout SeededGenerator) {
        precondition(count > 0, "PhaseMinibatches: need at least one minibatch")
        if all.size != count * batchSize {
            all = ReplayBatch(size: count * batchSize, observationSize: observationSize)
            targets = Array(repeating: 0, count: count * batchSize)
        }
        buffer.sampleUniform(into: &all, using: &rng)
        if networks.isEmpty { networks = [target, target] }

        let rows = all.size, chunk = Self.chunkRows
        let passes = (rows + chunk - 1) / chunk
        let split = worker == nil ? passes : (passes + 1) / 2
        let batch = all
        networks.withUnsafeMutableBufferPointer { networks in
            chunks.withUnsafeMutableBufferPointer { chunks in
                targets.withUnsafeMutableBufferPointer { targets in
                    let networks = networks.baseAddress!, chunks = chunks.baseAddress!
                    let targets = targets.baseAddress!
                    func targetPasses(_ range: Range<Int>, thread k: Int) {
                        networks[k].copyParameters(from: target)
                        for pass in range {
                            let start = pass * chunk
                            Self.computeTargets(of: batch, rows: start..<min(start + chunk, rows), network: &networks[k],
                                                input: &chunks[k], into: targets)
                        }
                    }
                    if let worker {
                        worker.run({ targetPasses(0..<split, thread: 0) }, alongside: { targetPasses(split..<passes, thread: 1) })
                    } else {
                        targetPasses(0..<passes, thread: 0)
                    }
                }
            }
        }
    }

    /// y for `rows` of `batch`: one forward pass of `network` over their next observations.
    private static func computeTargets(of batch: ReplayBatch, rows: Range<Int>, network: inout Sequential,
                                       input: inout Matrix, into targets: UnsafeMutablePointer<Float>) {
        let n = batch.observationSize
        input.reshape(rows: rows.count, cols: n)
        batch.nextObservations.storage.withUnsafeBufferPointer { src in
            input.storage.withUnsafeMutableBufferPointer { dst in
                dst.baseAddress!.update(from: src.baseAddress! + rows.lowerBound * n, count: rows.count * n)
            }
        }
        let q = network.forward(input)
        for (r, i) in rows.enumerated() {
            let best = DQN.argmaxRows(q, row: r)
            targets[i] = batch.rewards[i] + batch.discounts[i] * q.storage[r * q.cols + best]
        }
    }

    /// Minibatch `step` of the last `prepare` into `batch` and its targets into `targets`.
    func load(step: Int, into batch: inout ReplayBatch, targets: inout [Float]) {
        precondition(step >= 0 && step < steps, "PhaseMinibatches: no minibatch \(step) of \(steps)")
        precondition(batch.size == batchSize && targets.count == batchSize, "PhaseMinibatches: wrong batch size")
        let start = step * batchSize, n = observationSize
        let range = start..<(start + batchSize)
        func rows(_ source: Matrix, into destination: inout Matrix) {
            source.storage.withUnsafeBufferPointer { src in
                destination.storage.withUnsafeMutableBufferPointer { dst in
                    dst.baseAddress!.update(from: src.baseAddress! + start * n, count: batchSize * n)
                }
            }
        }
        rows(all.observations, into: &batch.observations)
        rows(all.nextObservations, into: &batch.nextObservations)
        for (row, i) in range.enumerated() {
            batch.actions[row] = all.actions[i]
            batch.rewards[row] = all.rewards[i]
            batch.discounts[row] = all.discounts[i]
            batch.indices[row] = all.indices[i]
            batch.weights[row] = all.weights[i]
            targets[row] = self.targets[i]
        }
    }
}
