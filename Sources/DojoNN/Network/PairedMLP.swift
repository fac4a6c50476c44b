import DojoRandom

/// A Q-learning pair of three-layer ReLU networks (online and target, `in -> h1 -> h2 -> out`)
/// trained on two threads by splitting the middle layer's units between them.
///
/// Each thread owns half of the h2 units: their rows of W2 and b2, their columns of W3, the
/// gradients and Adam moments of those, and the activations they produce. Layer 1 is small
/// (in is a handful of features) and runs on both threads, so each has H1 locally; Q, dW1 and
/// db1 come out as two partial sums that the caller's thread adds.
///
///     H1 = relu(X W1ᵀ + b1)                      both threads
///     H2ₖ = relu(H1 W2ₖᵀ + b2ₖ),  Qₖ = H2ₖ W3ₖᵀ     thread k;  Q = Q₀ + Q₁ + b3
///     dH2ₖ = (dQ W3ₖ) ⊙ [H2ₖ > 0];  dW3ₖ = dQᵀ H2ₖ;  dW2ₖ = dH2ₖᵀ H1
///     dH1ₖ = (dH2ₖ W2ₖ) ⊙ [H1 > 0];  dW1ₖ = dH1ₖᵀ X  thread k;  dW1 = dW1₀ + dW1₁
///
/// Why: on a two-core VM, a core that writes over memory the other core has just read, or reads
/// what the other has just written, pays for it (measured: a 256x256x64 sgemm on the second core
/// took 131-139 us instead of 88-93 when the first core read its result after every call). Splitting
/// the products (forward on one core, target on the other, dX beside dW) moves W2-sized arrays between
/// the cores at every step; this split moves only Q partials and layer 1's gradient partials (a few
/// KB). A C prototype of both schedules on this machine: 239-251 vs 275-292 us per CartPole DQN step.
/// (Summing dH1's partials on the caller instead read 64 KB from the other core at every step.)
/// The halves' products go to Dojo's own kernel where the CPU has AVX-512 (see `HalfPart`).
///
/// The arithmetic depends only on the split, not on which thread runs a half:
/// `PairedWorker(runsOnCaller: true)` gives the same bits on one thread. It differs from
/// `Sequential`'s in rounding only (partial sums).
///
/// Use: `load` the networks and optimizer state, run `forward` / `backward` / `adamStep` per
/// step, then `store` the online network and optimizer state back.
public final class PairedMLP {
    /// The networks this can train: Dense, ReLU, Dense, ReLU, Dense with an even, large middle
    /// layer, optionally followed by the dueling head (`DuelingAggregation`).
    public static func supports(_ network: Sequential) -> Bool {
        let layers = network.layers
        guard layers.count == 5 || layers.count == 6,
              let d1 = layers[0] as? Dense, let d2 = layers[2] as? Dense, let d3 = layers[4] as? Dense,
              (layers[1] as? ActivationLayer)?.activation == .relu,
              (layers[3] as? ActivationLayer)?.activation == .relu else { return false }
        if layers.count == 6 {
            guard let head = layers[5] as? DuelingAggregation, head.actions + 1 == d3.outputSize else { return false }
        }
        return d2.outputSize % 2 == 0 && d2.weight.count >= PairedWorker.worthwhileParameterCount
            && d1.outputSize == d2.weight.cols && d3.weight.cols == d2.outputSize
    }

    /// `outputs` is the last Dense layer's width: with the dueling head, [V | A] (one more than the
    /// Q values `q` holds).
    public let inputs: Int, hidden1: Int, hidden2: Int, outputs: Int, batch: Int
    /// The dueling head after the last layer, if the network has one.
    private var head: DuelingAggregation?
    /// The last layer's outputs before the head (batch x outputs) on s and on s', when there is a head.
    private var raw: Matrix, rawNext: Matrix
    let half: Int
    let worker: PairedWorker
    /// Layer 1 and b3 (online, target, gradients, moments) and the caller's sums: the caller's thread.
    let shared: SharedPart
    /// The two halves of layers 2 and 3, [0] on the caller's thread, [1] on the worker's.
    var parts: [HalfPart] = []
    /// Adam's step count after the last `adamStep`.
    public private(set) var stepCount = 0
    var adam = Adam()
    /// The Q values of the last `forward` (batch x outputs): online on s, and on s' the network it named.
    public private(set) var q: Matrix
    public private(set) var qNext: Matrix
    /// The online network's Q(s') of the last forward `.both`.
    public private(set) var qNextOnline: Matrix

    public convenience init(network: Sequential, batch: Int, worker: PairedWorker) {
        self.init(network: network, batch: batch, worker: worker, sparse: Matrix.ownKernel)
    }

    /// `sparse`: leave out inactive units' products (see `HalfPart.sparse`; needs Dojo's kernel).
    init(network: Sequential, batch: Int, worker: PairedWorker, sparse: Bool) {
        precondition(Self.supports(network), "PairedMLP: unsupported network \(network.architecture)")
        let d2 = network.layers[2] as! Dense
        inputs = network.inputSize
        hidden1 = d2.weight.cols
        hidden2 = d2.weight.rows
        outputs = (network.layers[4] as! Dense).outputSize
        head = network.layers.count == 6 ? network.layers[5] as? DuelingAggregation : nil
        half = hidden2 / 2
        self.batch = batch
        self.worker = worker
        shared = SharedPart(inputs: inputs, hidden1: hidden1, outputs: outputs, batch: batch)
        q = Matrix(rows: batch, cols: network.outputSize)
        qNext = Matrix(rows: batch, cols: network.outputSize)
        qNextOnline = Matrix(rows: batch, cols: network.outputSize)
        (raw, rawNext) = (Matrix(rows: batch, cols: outputs), Matrix(rows: batch, cols: outputs))
        // Each half is allocated and first written by the thread that will use it.
        var first: HalfPart?, second: HalfPart?
        let (i, h1, u, a, b) = (inputs, hidden1, half, outputs, batch)
        worker.run({ first = HalfPart(inputs: i, hidden1: h1, units: u, outputs: a, batch: b, sparse: sparse) },
                   alongside: { second = HalfPart(inputs: i, hidden1: h1, units: u, outputs: a, batch: b, sparse: sparse) })
        parts = [first!, second!]
    }

    // MARK: Moving weights and optimizer state in and out

    /// Copies in both networks' weights and the optimizer's hyperparameters, step and moments.
    public func load(online: Sequential, target: Sequential, optimizer: Adam) {
        let p = online.parameters, t = target.parameters
        precondition(optimizer.regularization == .none, "PairedMLP: Adam without penalties only")
        let state = optimizer.state
        let m = (0..<6).map { state["m.\($0)"] }, v = (0..<6).map { state["v.\($0)"] }
        adam = optimizer
        stepCount = optimizer.stepCount
        shared.load(p, t, m, v)
        let (h2, u) = (hidden2, half)
        let parts = self.parts
        worker.run({ parts[0].load(p, t, m, v, offset: 0, hidden2: h2) },
                   alongside: { parts[1].load(p, t, m, v, offset: u, hidden2: h2) })
    }

    /// Writes the online weights back into `online` and the moments and step into `optimizer`.
    /// (The online network's gradient buffers are left as they were.)
    public func store(into online: inout Sequential, optimizer: inout Adam) {
        var p = online.parameters
        var m = p.map { Matrix(rows: $0.rows, cols: $0.cols) }, v = m
        shared.store(&p, &m, &v)
        for (k, part) in parts.enumerated() {
            part.store(&p, &m, &v, offset: k * half, hidden2: hidden2)
        }
        online.parameters = p
        optimizer.replaceState(step: stepCount, first: m, second: v)
    }

    // MARK: One training step

    /// Which networks, if any, a forward pass also runs on the next observations.
    public enum NextPass: Sendable { case none, target, online, both }

    /// Q(s) in training mode (kept for `backward`) into `q`, and Q(s') into `qNext`: the target
    /// network's (`.target`), or the online network's (`.online`, for Double DQN's a*); with
    /// `.both`, the target's into `qNext` and the online one's into `qNextOnline`.
    public func forward(observations: Matrix, nextObservations: Matrix, with network: NextPass = .target) {
        precondition(network != .none, "PairedMLP.forward: a pass on the next observations needs a network")
        precondition(nextObservations.rows == batch && nextObservations.cols == inputs,
                     "PairedMLP.forward: expected \(batch)x\(inputs) next observations")
        nextObservations.storage.withUnsafeBufferPointer {
            VectorKernels.transpose($0.baseAddress!, rows: batch, cols: inputs, into: shared.xNextT)
        }
        forward(observations: observations, next: network)
        combine(\.qTNext, bias: network == .online ? shared.b3 : shared.t3, into: &qNext)
        if network == .both { combine(\.qTOnlineNext, bias: shared.b3, into: &qNextOnline) }
    }

    /// Q(s) in training mode (kept for `backward`) into `q` only, for targets computed elsewhere.
    public func forward(observations: Matrix) {
        forward(observations: observations, next: .none)
    }

    private func forward(observations: Matrix, next: NextPass) {
        precondition(observations.rows == batch && observations.cols == inputs,
                     "PairedMLP.forward: expected \(batch)x\(inputs) observations")
        let shared = self.shared, parts = self.parts
        observations.storage.withUnsafeBufferPointer { x in
            shared.x.update(from: x.baseAddress!, count: batch * inputs)
            VectorKernels.transpose(x.baseAddress!, rows: batch, cols: inputs, into: shared.xT)
        }
        worker.run({ parts[0].forward(shared, next: next) }, alongside: { parts[1].forward(shared, next: next) })
        combine(\.qT, bias: shared.b3, into: &q)
    }

    /// Q = Q₀ + Q₁ + b, from the halves' transposed partials (outputs x batch), then the dueling
    /// head when there is one.
    private func combine(_ partial: KeyPath<HalfPart, UnsafeMutablePointer<Float>>, bias: UnsafeMutablePointer<Float>,
                         into result: inout Matrix) {
        let a = parts[0][keyPath: partial], b = parts[1][keyPath: partial]
        let (outputs, batch) = (self.outputs, self.batch)
        func sum(into sums: inout Matrix) {
            sums.storage.withUnsafeMutableBufferPointer { r in
                for row in 0..<batch {
                    for o in 0..<outputs { r[row * outputs + o] = a[o * batch + row] + b[o * batch + row] + bias[o] }
                }
            }
        }
        guard head != nil else { return sum(into: &result) }
        let onNext = partial != \HalfPart.qT
        if onNext { sum(into: &rawNext) } else { sum(into: &raw) }
        var unused = SeededGenerator(seed: 0)   // the head draws nothing
        head!.forward(onNext ? rawNext : raw, training: false, using: &unused)
        result.copy(from: head!.output)
    }

    /// Backpropagates dL/dQ (batch x outputs) through the last `forward`; returns the global
    /// gradient norm (accumulated in Double).
    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Float {
        precondition(outputGradient.rows == batch && outputGradient.cols == q.cols,
                     "PairedMLP.backward: expected a \(batch)x\(q.cols) gradient")
        let shared = self.shared, parts = self.parts
        var gradient = outputGradient
        if head != nil {
            // Through the head of the last forward's Q(s) (`raw` still holds its input).
            head!.backward(outputGradient, input: raw)
            gradient = head!.inputGradient
        }
        gradient.storage.withUnsafeBufferPointer {
            shared.dQ.update(from: $0.baseAddress!, count: batch * outputs)
            VectorKernels.transpose($0.baseAddress!, rows: batch, cols: outputs, into: shared.dQT)
        }
        worker.run({ parts[0].backward(shared) }, alongside: { parts[1].backward(shared) })
        shared.backward(parts[0], parts[1])
        return Float((shared.sumOfSquares + parts[0].sumOfSquares + parts[1].sumOfSquares).squareRoot())
    }

    /// Clips the gradients to `maxNorm` (as `Sequential.clipGradients`, given the norm from
    /// `backward`), then takes one Adam step on every weight. `alongside` runs on the worker
    /// after its half of the update (the caller's half is the larger): work of the caller's
    /// that touches none of this network, such as drawing the next minibatch.
    public func adamStep(norm: Float, maxNorm: Float, alongside extra: () -> Void = {}) {
        let factor: Float = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1
        stepCount += 1
        let constants = adam.constants(atStep: stepCount)
        let shared = self.shared, parts = self.parts
        worker.run({
            shared.update(scale: factor, constants)
            parts[0].update(scale: factor, constants)
        }, alongside: {
            parts[1].update(scale: factor, constants)
            extra()
        })
    }
}
