@testable import DojoNN
import DojoRandom
import Testing
import TestSupport

/// The pieces that let PairedMLP leave out ReLU units inactive in a minibatch: the kernel over listed
/// rows and k, the scan for nonzero rows, Adam for rows without a gradient, and the network's step
/// with them against the same step computed whole.
@Suite("Products that leave out inactive units")
struct SparseProductTests {
    /// Indices 0..<count kept with probability 2/3, in order.
    func someOf(_ count: Int, _ rng: inout SeededGenerator) -> [Int32] {
        (0..<count).filter { _ in rng.nextIndex(below: 3) > 0 }.map(Int32.init)
    }

    @Test("listed rows over listed k match a Double reference; other rows are left alone",
          .enabled(if: Matrix.ownKernel), arguments: [false, true])
    func listedRowsAndK(transposeA: Bool) {
        var rng = SeededGenerator(seed: 31)
        for (m, n, k) in [(9, 33, 7), (40, 64, 70), (17, 20, 3), (128, 64, 256)] {
            let lda = (transposeA ? m : k) + 2, ldb = n + 3, ldc = n + 1
            let a = randomMatrix(transposeA ? k : m, lda, using: &rng), b = randomMatrix(k, ldb, using: &rng)
            let bias = (0..<m).map { _ in rng.nextUnitFloat() - 0.5 }
            let gate = (0..<(m * ldc)).map { i in i % 4 == 0 ? 0 : rng.nextUnitFloat() - 0.3 }
            let rows = someOf(m, &rng), ks = someOf(k, &rng)
            for useGate in [false, true] {
                var c = [Float](repeating: 12345, count: m * ldc)
                a.storage.withUnsafeBufferPointer { a in
                    b.storage.withUnsafeBufferPointer { b in
                        Matrix.sparseGemm(m: rows.count, rows: rows, n: n, k: ks.count, ks: ks, a.baseAddress!, lda: lda,
                                          transposeA: transposeA, b.baseAddress!, ldb: ldb, into: &c, ldc: ldc,
                                          rowBias: useGate ? nil : bias, relu: !useGate,
                                          gate: useGate ? gate : nil, ldgate: ldc)
                    }
                }
                for i in 0..<m {
                    let listed = rows.contains(Int32(i))
                    for j in 0..<n {
                        guard listed else {
                            #expect(c[i * ldc + j] == 12345, "row \(i) is not listed but was written")
                            continue
                        }
                        var sum = useGate ? 0 : Double(bias[i])
                        for p in ks.map(Int.init) {
                            let x = transposeA ? a.storage[p * lda + i] : a.storage[i * lda + p]
                            sum += Double(x) * Double(b.storage[p * ldb + j])
                        }
                        let expected = useGate ? (gate[i * ldc + j] > 0 ? sum : 0) : max(0, sum)
                        #expect(abs(Double(c[i * ldc + j]) - expected) < 1e-5 * Double(k + 1),
                                "\(m)x\(n)x\(k) at (\(i), \(j)), gate \(useGate)")
                    }
                }
            }
        }
    }

    @Test("leaving out zero rows of b and gated-off rows changes no value", .enabled(if: Matrix.ownKernel))
    func sameValuesAsWhole() {
        var rng = SeededGenerator(seed: 32)
        let (m, n, k) = (48, 64, 100)
        let a = randomMatrix(m, k, using: &rng)
        var b = randomMatrix(k, n, using: &rng)
        let deadK = someOf(k, &rng).map(Int.init)
        for p in 0..<k where !deadK.contains(p) { for j in 0..<n { b.storage[p * n + j] = 0 } }
        // A gate that closes whole rows (the ReLU units inactive for the whole batch) and some elements.
        var gate = randomMatrix(m, n, in: 0...1, using: &rng)
        let openRows = someOf(m, &rng)
        for i in 0..<m where !openRows.contains(Int32(i)) { for j in 0..<n { gate.storage[i * n + j] = 0 } }
        for i in stride(from: 0, to: m * n, by: 7) { gate.storage[i] = 0 }
        let liveK = b.storage.withUnsafeBufferPointer { b in
            var list = [Int32](repeating: 0, count: k)
            let count = VectorKernels.nonzeroRows(b.baseAddress!, rows: k, cols: n, ld: n, into: &list)
            return Array(list.prefix(count))
        }
        #expect(liveK == deadK.map(Int32.init))
        var whole = [Float](repeating: 0, count: m * n), sparse = whole
        a.storage.withUnsafeBufferPointer { a in
            b.storage.withUnsafeBufferPointer { b in
                gate.storage.withUnsafeBufferPointer { gate in
                    Matrix.fusedGemm(m: m, n: n, k: k, a.baseAddress!, lda: k, b.baseAddress!, ldb: n, into: &whole,
                                     ldc: n, gate: gate.baseAddress!, ldgate: n)
                    Matrix.sparseGemm(m: openRows.count, rows: openRows, n: n, k: liveK.count, ks: liveK,
                                      a.baseAddress!, lda: k, b.baseAddress!, ldb: n, into: &sparse, ldc: n,
                                      gate: gate.baseAddress!, ldgate: n)
                }
            }
        }
        #expect(whole == sparse)
    }

    @Test("nonzero rows: zeros of either sign are zero, NaN is not, the last column counts")
    func nonzeroRows() {
        let cols = 37 // two 16-wide blocks and a tail
        var x = [Float](repeating: 0, count: 6 * cols)
        x[1 * cols + 36] = 1e-30           // row 1: only the tail
        for j in 0..<cols { x[2 * cols + j] = -0.0 }
        x[3 * cols + 5] = .nan             // row 3
        x[5 * cols + 16] = -2              // row 5: the second block
        var list = [Int32](repeating: -1, count: 6)
        let count = VectorKernels.nonzeroRows(x, rows: 6, cols: cols, ld: cols, into: &list)
        #expect(Array(list.prefix(count)) == [1, 3, 5])
        // A row stride wider than the block: what lies beyond `cols` is not looked at.
        var wide = [Float](repeating: 0, count: 2 * 40)
        wide[38] = 1
        #expect(VectorKernels.nonzeroRows(wide, rows: 2, cols: cols, ld: 40, into: &list) == 0)
    }

    @Test("Adam by rows: the same bits as the whole update with those rows' gradients zero")
    func adamRowsSameBits() {
        var rng = SeededGenerator(seed: 33)
        let (rows, cols) = (12, 37)
        let n = rows * cols
        var w = (0..<n).map { _ in rng.nextUnitFloat() - 0.5 }
        var m = (0..<n).map { _ in (rng.nextUnitFloat() - 0.5) * 1e-3 }
        var v = (0..<n).map { _ in rng.nextUnitFloat() * 1e-5 }
        for r in [1, 4, 7] { for j in 0..<cols { m[r * cols + j] = 0 } } // long inactive: m has decayed to 0
        for j in stride(from: 0, to: cols, by: 3) { m[9 * cols + j] = 0 }   // part of a row
        let start = w
        var (w2, m2, v2) = (w, m, v)
        let hasGradient: [UInt8] = (0..<rows).map { $0 % 3 == 0 ? 1 : 0 }
        for step in 1...20 {
            let g: [Float] = (0..<n).map { i in
                hasGradient[i / cols] == 1 ? (rng.nextUnitFloat() - 0.5) * 0.01 * Float(step % 4) : 0
            }
            VectorKernels.adam(&w, g, &m, &v, n, b1: 0.9, b2: 0.999, step: 1e-3, c2: 1.3, eps: 1e-8)
            VectorKernels.adamRows(&w2, g, &m2, &v2, rows: rows, cols: cols, hasGradient: hasGradient,
                                   b1: 0.9, b2: 0.999, step: 1e-3, c2: 1.3, eps: 1e-8)
        }
        #expect(w.map(\.bitPattern) == w2.map(\.bitPattern))
        #expect(m.map(\.bitPattern) == m2.map(\.bitPattern))
        #expect(v.map(\.bitPattern) == v2.map(\.bitPattern))
        // Both kinds of row without a gradient occurred: one whose weights still moved (m was not zero),
        // one whose weights stayed.
        #expect(w[2 * cols] != start[2 * cols] && w[1 * cols] == start[1 * cols])
    }

    /// A 4-128-128-3 network in which some h1 and h2 units can never be active (zero weights, negative
    /// bias), as units die in training, and the others mostly are.
    func networkWithDeadUnits(seed: UInt64) -> Sequential {
        var rng = SeededGenerator(seed: seed)
        var network = Sequential.mlp(sizes: [4, 128, 128, 3], activation: .relu, initializer: .pytorchDefault, using: &rng)
        for (weight, bias, units) in [(0, 1, Array(stride(from: 0, to: 128, by: 5))), (2, 3, Array(20..<100))] {
            network.withParameter(at: weight) { w, _ in
                for u in units { for j in 0..<w.cols { w.storage[u * w.cols + j] = 0 } }
            }
            network.withParameter(at: bias) { b, _ in for u in units { b.storage[u] = -1 } }
        }
        return network
    }

    @Test("PairedMLP's steps with inactive units left out equal the whole products' steps",
          .enabled(if: Matrix.ownKernel))
    func pairedMLPSameResults() throws {
        let batch = 16
        let target = networkWithDeadUnits(seed: 5)
        let results = pairedSteps(online: { networkWithDeadUnits(seed: 4) }, target: target, batch: batch, outputs: 3) { paired in
            #expect(paired.parts.allSatisfy { $0.active1Count <= 128 - 25 && $0.active2Count <= 64 - 36 })
        }
        let (whole, sparse) = (results[0], results[1])
        #expect(whole.q == sparse.q)
        #expect(whole.network.parameters == sparse.network.parameters)
        #expect(whole.adam.state == sparse.adam.state)
        for (a, b) in zip(whole.norms, sparse.norms) { #expect(abs(a - b) <= 1e-6 * a) }
    }

    /// Shapes off the kernel's blocks: a batch of 21, 7 inputs, 90 h1 and 2 x 100 h2 units, 5
    /// outputs, with the double pass on s' and some units that never fire.
    @Test("the same on shapes off the kernel's blocks, with passes on s' of both networks", .enabled(if: Matrix.ownKernel))
    func oddShapes() throws {
        func network(_ seed: UInt64) -> Sequential {
            var rng = SeededGenerator(seed: seed)
            var network = Sequential.mlp(sizes: [7, 90, 200, 5], activation: .relu, initializer: .pytorchDefault, using: &rng)
            for (weight, bias, units) in [(0, 1, Array(stride(from: 3, to: 90, by: 4))), (2, 3, Array(stride(from: 0, to: 200, by: 3)))] {
                network.withParameter(at: weight) { w, _ in
                    for u in units { for j in 0..<w.cols { w.storage[u * w.cols + j] = 0 } }
                }
                network.withParameter(at: bias) { b, _ in for u in units { b.storage[u] = -1 } }
            }
            return network
        }
        let results = pairedSteps(online: { network(8) }, target: network(9), batch: 21, outputs: 5, next: .both) { _ in }
        let (whole, sparse) = (results[0], results[1])
        #expect(whole.q == sparse.q)
        #expect(whole.network.parameters == sparse.network.parameters)
        #expect(whole.adam.state == sparse.adam.state)
    }

    /// Four steps of forward (with a pass on s'), backward with a random dL/dQ, and Adam, whole and
    /// sparse: Q(s) and Q(s') of each step, the trained network, Adam's state and the norms.
    func pairedSteps(online makeOnline: () -> Sequential, target: Sequential, batch: Int, outputs: Int,
                     next: PairedMLP.NextPass = .target, check: (PairedMLP) -> Void)
        -> [(q: [Matrix], network: Sequential, adam: Adam, norms: [Float])] {
        var results: [(q: [Matrix], network: Sequential, adam: Adam, norms: [Float])] = []
        for sparse in [false, true] {
            var online = makeOnline()
            var adam = Adam(learningRate: 0.01)
            let paired = PairedMLP(network: online, batch: batch, worker: PairedWorker(), sparse: sparse)
            paired.load(online: online, target: target, optimizer: adam)
            var rng = SeededGenerator(seed: 6)
            var qs: [Matrix] = [], norms: [Float] = []
            for _ in 0..<4 {
                let x = randomMatrix(batch, online.inputSize, using: &rng)
                let xNext = randomMatrix(batch, online.inputSize, using: &rng)
                paired.forward(observations: x, nextObservations: xNext, with: next)
                let norm = paired.backward(randomMatrix(batch, outputs, using: &rng))
                paired.adamStep(norm: norm, maxNorm: 1e6) // no clipping: the norm's rounding does not reach the weights
                qs += [paired.q, paired.qNext] + (next == .both ? [paired.qNextOnline] : [])
                norms.append(norm)
                if sparse { check(paired) }
            }
            paired.store(into: &online, optimizer: &adam)
            results.append((qs, online, adam, norms))
        }
        return results
    }
}
