import DojoNN
import DojoRandom

/// A training phase's minibatches, drawn before its first step, with all their TD targets
/// computed in one pass of the target network.
///
/// This is possible when no step of a phase changes what a later step draws or bootstraps from:
/// - uniform replay (prioritized draws depend on the priorities each step updates);
/// - the target network fixed for the phase. It is: `DQNTrainer` updates it only between phases,
///   as Stable-Baselines3 does.
/// Double DQN picks a* with the online network, which each step changes: for it the pass keeps
/// Q⁻(s', a) for every action, and each step's targets take a* from that step's online values
/// (`doubleTargets`).
/// The draws are those of `count` separate draws, in the same order, so a run gives the same
/// minibatches either way. The targets differ from step-by-step ones in float rounding at most.
///
/// Why: the target network's forward pass is a quarter of a step's arithmetic. Over a phase's
/// count x batch next observations it runs in passes of `chunkRows`, split between the two
/// threads, through Dojo's kernel when it can (`TransposedInference`). It runs once per
/// distinct transition: draws with replacement repeat transitions, most while the buffer is
/// small (8192 draws from 5,000 transitions hold about 4,000 distinct ones). And the steps that
/// follow no longer touch the target weights or their activations, so more of what they do
/// touch stays in cache.
struct PhaseMinibatches {
    /// Rows per target-network pass. The kernel runs as fast on 64 columns as on 256; fewer rows
    /// leave more hidden units inactive over a whole pass, which `TransposedInference` then leaves
    /// out (CartPole preset, target passes: 0.77 s in 256-row passes, 0.70 in 64, 0.65-0.71 in 32).
    static let chunkRows = 64

    let batchSize: Int
    let observationSize: Int
    /// The phase's minibatches, one after another (steps x batchSize rows).
    private var all: ReplayBatch
    private var targets: [Float]
    /// For each distinct slot drawn, the first draw of it; for each draw, its distinct slot's
    /// position in `firstDraws`; per buffer slot, that position while a phase is prepared (else -1).
    private var firstDraws: [Int] = []
    private var distinctOfDraw: [Int32] = []
    private var distinctOfSlot: [Int32] = []
    /// Q⁻(s', a) per distinct slot and action (distinct x actions), and max_a' of each row.
    private var nextValues = Matrix(rows: 0, cols: 0)
    private var bestNext: [Float] = []
    /// One copy of the target network per thread (a forward pass writes its activations).
    private var targetCopies: [TargetCopy] = []

    init(batchSize: Int, observationSize: Int) {
        self.batchSize = batchSize
        self.observationSize = observationSize
        all = ReplayBatch(size: batchSize, observationSize: observationSize)
        targets = Array(repeating: 0, count: batchSize)
        distinctOfDraw = Array(repeating: 0, count: batchSize)
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
            distinctOfDraw = Array(repeating: 0, count: count * batchSize)
        }
        buffer.sampleUniform(into: &all, using: &rng)
        findDistinctSlots(capacity: buffer.capacity)
        // A copy of this value shares the target copies made before: make its own (see DQN.pairedNetworks).
        if targetCopies.isEmpty || !isKnownUniquelyReferenced(&targetCopies[0]) {
            targetCopies = [TargetCopy(target), TargetCopy(target)]
        }
        computeNextValues(target: target, worker: worker)
        for i in 0..<all.size {
            targets[i] = all.rewards[i] + all.discounts[i] * bestNext[Int(distinctOfDraw[i])]
        }
    }

    /// Fills `firstDraws` and `distinctOfDraw` for the draws in `all`.
    private mutating func findDistinctSlots(capacity: Int) {
        if distinctOfSlot.count != capacity { distinctOfSlot = Array(repeating: -1, count: capacity) }
        firstDraws.removeAll(keepingCapacity: true)
        for i in 0..<all.size {
            let slot = all.indices[i]
            if distinctOfSlot[slot] < 0 {
                distinctOfSlot[slot] = Int32(firstDraws.count)
                firstDraws.append(i)
            }
            distinctOfDraw[i] = distinctOfSlot[slot]
        }
        for i in firstDraws { distinctOfSlot[all.indices[i]] = -1 }
    }

    /// Q⁻(s', a) for each distinct slot and action, in passes of `chunkRows`, half of them on the
    /// worker; then max_a' of each.
    private mutating func computeNextValues(target: Sequential, worker: PairedWorker?) {
        let rows = firstDraws.count, chunk = Self.chunkRows, actions = target.outputSize
        nextValues.reshape(rows: rows, cols: actions)
        if bestNext.count < rows { bestNext = Array(repeating: 0, count: rows) }
        let passes = (rows + chunk - 1) / chunk
        let split = worker == nil ? passes : (passes + 1) / 2
        let batch = all, firstDraws = self.firstDraws, copies = targetCopies
        nextValues.storage.withUnsafeMutableBufferPointer { values in
            let values = values.baseAddress!
            func targetPasses(_ range: Range<Int>, thread k: Int) {
                copies[k].load(target)
                for pass in range {
                    let start = pass * chunk
                    copies[k].values(of: batch, draws: firstDraws[start..<min(start + chunk, rows)],
                                     into: values + start * actions)
                }
            }
            if let worker {
                worker.run({ targetPasses(0..<split, thread: 0) }, alongside: { targetPasses(split..<passes, thread: 1) })
            } else {
                targetPasses(0..<passes, thread: 0)
            }
        }
        for r in 0..<rows { bestNext[r] = nextValues[r, DQN.argmaxRows(nextValues, row: r)] }
    }

    /// Double DQN's targets for minibatch `step`: y = R + d · Q⁻(s', a*) with a* = argmax_a of
    /// `onlineNext` (the online network's Q(s', ·) for that minibatch, batchSize x actions).
    func doubleTargets(step: Int, onlineNext: Matrix, into targets: inout [Float]) {
        precondition(step >= 0 && step < steps, "PhaseMinibatches: no minibatch \(step) of \(steps)")
        precondition(onlineNext.rows == batchSize && onlineNext.cols == nextValues.cols && targets.count == batchSize,
                     "PhaseMinibatches.doubleTargets: wrong shapes")
        for row in 0..<batchSize {
            let i = step * batchSize + row
            let chosen = DQN.argmaxRows(onlineNext, row: row)
            targets[row] = all.rewards[i] + all.discounts[i] * nextValues[Int(distinctOfDraw[i]), chosen]
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

/// One thread's copy of the target network for `PhaseMinibatches`' passes: with the batch along the
/// rows through Dojo's kernel (`TransposedInference`) when the network is Dense and ReLU layers,
/// else a `Sequential`.
private final class TargetCopy {
    private var network: Sequential
    private let transposed: TransposedInference?
    /// A pass's next observations: features x rows for `transposed`, rows x features otherwise.
    private var input: Matrix

    init(_ target: Sequential) {
        network = target
        transposed = TransposedInference(target, maxBatch: PhaseMinibatches.chunkRows)
        input = Matrix(rows: 0, cols: target.inputSize)
    }

    func load(_ target: Sequential) {
        if let transposed { transposed.load(target) } else { network.copyParameters(from: target) }
    }

    /// Q⁻(s', ·) for the next observations of `draws` of `batch` (draws x actions): one forward pass.
    func values(of batch: ReplayBatch, draws: ArraySlice<Int>, into values: UnsafeMutablePointer<Float>) {
        let n = batch.observationSize, count = draws.count
        input.reshape(rows: count, cols: n)
        let isTransposed = transposed != nil
        batch.nextObservations.storage.withUnsafeBufferPointer { src in
            input.storage.withUnsafeMutableBufferPointer { dst in
                for (r, i) in draws.enumerated() {
                    for f in 0..<n { dst[isTransposed ? f * count + r : r * n + f] = src[i * n + f] }
                }
            }
        }
        guard let transposed else {
            let q = network.forward(input)
            q.storage.withUnsafeBufferPointer { values.update(from: $0.baseAddress!, count: count * q.cols) }
            return
        }
        let qT = input.storage.withUnsafeBufferPointer { transposed.run($0.baseAddress!, count: count) }
        let actions = transposed.outputSize
        for r in 0..<count {
            for a in 0..<actions { values[r * actions + a] = qT[a * count + r] }
        }
    }
}
