import DojoNN
import DojoRandom
import Testing
import TestSupport

/// The split three-layer network against `Sequential` doing the same step, and against itself on one thread.
@Suite("PairedMLP")
struct PairedMLPTests {
    let batch = 16

    /// 3 Q values; with the dueling head, from 4 outputs [V | A].
    func networks(seed: UInt64, dueling: Bool = false) -> (online: Sequential, target: Sequential) {
        var rng = SeededGenerator(seed: seed)
        func make() -> Sequential {
            let mlp = Sequential.mlp(sizes: [4, 128, 128, dueling ? 4 : 3], activation: .relu,
                                     initializer: .pytorchDefault, using: &rng)
            return dueling ? Sequential(layers: mlp.layers + [DuelingAggregation(actions: 3)]) : mlp
        }
        let online = make(), target = make()
        return (online, target)
    }

    /// Three steps of forward, backward with a given dL/dQ, clipping and Adam.
    func steps(_ paired: PairedMLP, _ online: inout Sequential, _ target: Sequential, _ adam: inout Adam,
               maxNorm: Float, seed: UInt64) -> [(q: Matrix, qNext: Matrix, norm: Float)] {
        var rng = SeededGenerator(seed: seed)
        paired.load(online: online, target: target, optimizer: adam)
        var seen: [(Matrix, Matrix, Float)] = []
        for _ in 0..<3 {
            let x = randomMatrix(batch, 4, using: &rng), xNext = randomMatrix(batch, 4, using: &rng)
            let dQ = randomMatrix(batch, 3, using: &rng)
            paired.forward(observations: x, nextObservations: xNext)
            let norm = paired.backward(dQ)
            paired.adamStep(norm: norm, maxNorm: maxNorm)
            seen.append((paired.q, paired.qNext, norm))
        }
        paired.store(into: &online, optimizer: &adam)
        return seen
    }

    @Test("three training steps match Sequential's to float rounding, clipping and the dueling head included",
          arguments: [(Float(1e-3), false), (100, false), (1e-3, true), (100, true)])
    func matchesSequential(maxNorm: Float, dueling: Bool) throws {
        var (online, target) = networks(seed: 3, dueling: dueling)
        #expect(PairedMLP.supports(online))
        var reference = online, referenceTarget = target
        var adam = Adam(learningRate: 0.01), referenceAdam = Adam(learningRate: 0.01)
        let paired = PairedMLP(network: online, batch: batch, worker: PairedWorker())
        let seen = steps(paired, &online, target, &adam, maxNorm: maxNorm, seed: 8)

        var rng = SeededGenerator(seed: 8)
        for (q, qNext, norm) in seen {
            let x = randomMatrix(batch, 4, using: &rng), xNext = randomMatrix(batch, 4, using: &rng)
            let dQ = randomMatrix(batch, 3, using: &rng)
            let expectedQ = reference.forward(x, training: true)
            let expectedNext = referenceTarget.forward(xNext)
            #expect(maxAbsDifference(q, expectedQ) < 1e-5)
            #expect(maxAbsDifference(qNext, expectedNext) < 1e-5)
            reference.backward(dQ)
            let expectedNorm = reference.clipGradients(maxNorm: maxNorm)
            #expect(abs(norm - expectedNorm) <= 1e-5 * expectedNorm, "\(norm) vs \(expectedNorm)")
            referenceAdam.step(&reference)
        }
        for (k, (got, expected)) in zip(online.parameters, reference.parameters).enumerated() {
            #expect(maxAbsDifference(got, expected) < 1e-5, "parameter \(k)")
        }
        #expect(adam.stepCount == 3)
        for (key, expected) in referenceAdam.state {
            let got = try #require(adam.state[key], "no \(key)")
            #expect(maxAbsDifference(got, expected) < 1e-5 * max(1, expected.storage.map(abs).max() ?? 0), "\(key)")
        }
    }

    @Test("the worker changes where the halves run, not a bit of the result")
    func sameBitsOnOneThread() {
        var (a, target) = networks(seed: 4)
        var b = a
        var adamA = Adam(learningRate: 0.01), adamB = Adam(learningRate: 0.01)
        let onTwo = steps(PairedMLP(network: a, batch: batch, worker: PairedWorker()), &a, target, &adamA,
                          maxNorm: 0.5, seed: 9)
        let onOne = steps(PairedMLP(network: b, batch: batch, worker: PairedWorker(runsOnCaller: true)), &b, target,
                          &adamB, maxNorm: 0.5, seed: 9)
        for (x, y) in zip(onTwo, onOne) {
            #expect(x.q == y.q && x.qNext == y.qNext && x.norm == y.norm)
        }
        #expect(a.parameters == b.parameters)
        #expect(adamA.state == adamB.state)
    }

    @Test("only Dense-ReLU-Dense-ReLU-Dense with an even middle layer of 16,384+ weights")
    func supportedNetworks() {
        var rng = SeededGenerator(seed: 1)
        #expect(PairedMLP.supports(Sequential.mlp(sizes: [4, 128, 128, 2], activation: .relu, using: &rng)))
        #expect(!PairedMLP.supports(Sequential.mlp(sizes: [4, 64, 64, 2], activation: .relu, using: &rng)))
        #expect(!PairedMLP.supports(Sequential.mlp(sizes: [4, 128, 129, 2], activation: .relu, using: &rng)))
        #expect(!PairedMLP.supports(Sequential.mlp(sizes: [4, 128, 128, 2], activation: .tanh, using: &rng)))
        #expect(!PairedMLP.supports(Sequential.mlp(sizes: [4, 256, 2], activation: .relu, using: &rng)))
    }

    func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Float {
        precondition(a.rows == b.rows && a.cols == b.cols)
        return zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
    }
}
