/// One Dense layer's forward pass with the batch along the rows: yᵀ = relu?(W xᵀ + b), with
/// W (n x k) row-major, xᵀ (k x batch), yᵀ (n x batch). Every product of the halves is laid out
/// this way round, so that its right-hand operand is row-major and `Matrix.gemm` can use Dojo's
/// own kernel (see there).
private func denseTransposed(_ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>?, _ xT: UnsafePointer<Float>,
                             into yT: UnsafeMutablePointer<Float>, batch: Int, inputs k: Int, outputs n: Int, relu: Bool) {
    Matrix.fusedGemm(m: n, n: batch, k: k, w, lda: k, xT, ldb: batch, into: yT, ldc: batch, rowBias: b, relu: relu)
}

/// One thread's half of the h2 units: its rows of W2 and b2, its columns of W3 (stored as an
/// outputs x units block), their target copies, gradients and moments, and its activations.
///
/// Activations and their gradients are stored transposed (features x batch), so that in each of
/// the big products (H2ᵀ = W2ₖ H1ᵀ, dW2ₖ = dH2ₖᵀ H1, dH1ₖᵀ = W2ₖᵀ dH2ₖᵀ) the right-hand operand is
/// row-major as stored. H1 is also kept batch-major, for dW2ₖ; both copies come from the same
/// arithmetic, so they hold the same bits.
final class HalfPart {
    let hidden1: Int, units: Int, outputs: Int, batch: Int
    let w2, b2, w3, t2, tb2, t3: UnsafeMutablePointer<Float>
    let g2, gb2, g3, m2, v2, mb2, vb2, m3, v3: UnsafeMutablePointer<Float>
    /// H1 (batch x hidden1) and, features x batch: H1ᵀ, H2ₖᵀ, Qₖᵀ (this half's partial), those of
    /// the pass on X' (target or online network; with both, the online Qₖᵀ in `qTOnlineNext`),
    /// dH2ₖᵀ and dH1ₖᵀ. W1ᵀ is a per-step scratch copy.
    let h1, h1T, h2T, qT, h1TNext, h2TNext, qTNext, qTOnlineNext, dH2T, dH1T, w1T: UnsafeMutablePointer<Float>
    /// This half's share of layer 1's gradients (dW1 and db1 through its units alone).
    let gw1, gb1: UnsafeMutablePointer<Float>
    var sumOfSquares = 0.0

    /// Whether the products leave out inactive units (with Dojo's kernel; elsewhere they are whole).
    /// A ReLU unit inactive for a whole minibatch contributes exact zeros: to H2ₖ through layer 2's
    /// k index, to dH1ₖ through its k index (h2 units) and rows (h1 units), to dW2ₖ through its rows.
    /// Leaving them out changes no value (but the sign of a zero). Units die in training (ReLU with a
    /// large learning rate): in the CartPole preset about 98 of each half's 128 h2 units and 40-80 of
    /// the 256 h1 units are inactive in a typical minibatch.
    let sparse: Bool
    /// The h1 units active in the last forward's minibatch (nonzero rows of H1ᵀ), in order.
    let active1: UnsafeMutablePointer<Int32>
    var active1Count = 0
    /// The same for the pass on X' (not needed after it).
    let activeNext: UnsafeMutablePointer<Int32>
    /// This half's h2 units with a nonzero gradient in the last backward (nonzero rows of dH2ₖᵀ), in
    /// order, and a flag per unit: rows of dW2ₖ for the others are zero and not written.
    let active2: UnsafeMutablePointer<Int32>
    var active2Count = 0
    let hasGradient: UnsafeMutablePointer<UInt8>

    init(inputs: Int, hidden1: Int, units: Int, outputs: Int, batch: Int, sparse: Bool) {
        precondition(!sparse || Matrix.ownKernel, "HalfPart: sparse products need Dojo's kernel")
        self.sparse = sparse
        self.hidden1 = hidden1
        self.units = units
        self.outputs = outputs
        self.batch = batch
        let (wc, bc, oc) = (units * hidden1, units, outputs * units)
        let buffers = OwnedBuffers()
        (w2, b2, w3, t2, tb2, t3) = (buffers.allocate(wc), buffers.allocate(bc), buffers.allocate(oc),
                                     buffers.allocate(wc), buffers.allocate(bc), buffers.allocate(oc))
        (g2, gb2, g3) = (buffers.allocate(wc), buffers.allocate(bc), buffers.allocate(oc))
        (m2, v2, mb2, vb2, m3, v3) = (buffers.allocate(wc), buffers.allocate(wc), buffers.allocate(bc),
                                      buffers.allocate(bc), buffers.allocate(oc), buffers.allocate(oc))
        (h1, h1T, h2T, qT) = (buffers.allocate(batch * hidden1), buffers.allocate(batch * hidden1),
                              buffers.allocate(batch * units), buffers.allocate(batch * outputs))
        (h1TNext, h2TNext, qTNext) = (buffers.allocate(batch * hidden1), buffers.allocate(batch * units),
                                      buffers.allocate(batch * outputs))
        qTOnlineNext = buffers.allocate(batch * outputs)
        (dH2T, dH1T, w1T) = (buffers.allocate(batch * units), buffers.allocate(batch * hidden1),
                             buffers.allocate(hidden1 * inputs))
        (gw1, gb1) = (buffers.allocate(hidden1 * inputs), buffers.allocate(hidden1))
        (active1, activeNext, active2) = (buffers.allocate(hidden1, of: 0), buffers.allocate(hidden1, of: 0),
                                          buffers.allocate(units, of: 0))
        hasGradient = buffers.allocate(units, of: 1)
        keepAlive = buffers
    }
    private let keepAlive: OwnedBuffers

    /// Units [offset, offset + units) of tensors 2, 3, 4 of the networks and the moments.
    func load(_ p: [Matrix], _ t: [Matrix], _ m: [Matrix?], _ v: [Matrix?], offset: Int, hidden2: Int) {
        let rows = offset * hidden1, count = units * hidden1
        copyParameter(p[2], from: rows, into: w2, count: count)
        copyParameter(t[2], from: rows, into: t2, count: count)
        copyParameter(m[2], from: rows, into: m2, count: count)
        copyParameter(v[2], from: rows, into: v2, count: count)
        copyParameter(p[3], from: offset, into: b2, count: units)
        copyParameter(t[3], from: offset, into: tb2, count: units)
        copyParameter(m[3], from: offset, into: mb2, count: units)
        copyParameter(v[3], from: offset, into: vb2, count: units)
        for o in 0..<outputs {
            let at = o * hidden2 + offset
            copyParameter(p[4], from: at, into: w3 + o * units, count: units)
            copyParameter(t[4], from: at, into: t3 + o * units, count: units)
            copyParameter(m[4], from: at, into: m3 + o * units, count: units)
            copyParameter(v[4], from: at, into: v3 + o * units, count: units)
        }
    }

    func store(_ p: inout [Matrix], _ m: inout [Matrix], _ v: inout [Matrix], offset: Int, hidden2: Int) {
        func put(_ src: UnsafeMutablePointer<Float>, _ dst: inout Matrix, at: Int, count: Int) {
            dst.storage.withUnsafeMutableBufferPointer { (($0.baseAddress! + at)).update(from: src, count: count) }
        }
        put(w2, &p[2], at: offset * hidden1, count: units * hidden1)
        put(m2, &m[2], at: offset * hidden1, count: units * hidden1)
        put(v2, &v[2], at: offset * hidden1, count: units * hidden1)
        put(b2, &p[3], at: offset, count: units)
        put(mb2, &m[3], at: offset, count: units)
        put(vb2, &v[3], at: offset, count: units)
        for o in 0..<outputs {
            put(w3 + o * units, &p[4], at: o * hidden2 + offset, count: units)
            put(m3 + o * units, &m[4], at: o * hidden2 + offset, count: units)
            put(v3 + o * units, &v[4], at: o * hidden2 + offset, count: units)
        }
    }

    /// The online network's pass for this half (layer 1 whole), and passes on X' (`next`): the
    /// target network's, the online network's without keeping anything for backward (Double DQN's
    /// a*), or both. Reads X, Xᵀ and X'ᵀ from `shared`.
    func forward(_ shared: SharedPart, next: PairedMLP.NextPass) {
        let inputs = shared.inputs
        // H1 = relu(X W1ᵀ + b1) batch-major, through W1ᵀ so that b is row-major here too: each
        // element is the same chain of operations as in H1ᵀ = relu(W1 Xᵀ + b1) below.
        VectorKernels.transpose(shared.w1, rows: hidden1, cols: inputs, into: w1T)
        Matrix.fusedGemm(m: batch, n: hidden1, k: inputs, shared.x, lda: inputs, w1T, ldb: hidden1, into: h1,
                         ldc: hidden1, columnBias: shared.b1, relu: true)
        denseTransposed(shared.w1, shared.b1, shared.xT, into: h1T, batch: batch, inputs: inputs, outputs: hidden1, relu: true)
        active1Count = layers2And3(w2, b2, w3, from: h1T, into: h2T, qT, active: active1)
        switch next {
        case .none: return
        case .target: passOnNext(shared, online: false, into: qTNext)
        case .online: passOnNext(shared, online: true, into: qTNext)
        case .both:
            passOnNext(shared, online: true, into: qTOnlineNext)
            passOnNext(shared, online: false, into: qTNext)
        }
    }

    /// This half's partial Qₖᵀ on X' of the online or the target network, without keeping the
    /// activations for backward.
    private func passOnNext(_ shared: SharedPart, online: Bool, into qT: UnsafeMutablePointer<Float>) {
        let (w1, b1) = online ? (shared.w1, shared.b1) : (shared.t1, shared.tb1)
        let (w2, b2, w3) = online ? (self.w2, self.b2, self.w3) : (t2, tb2, t3)
        denseTransposed(w1, b1, shared.xNextT, into: h1TNext, batch: batch, inputs: shared.inputs, outputs: hidden1,
                        relu: true)
        _ = layers2And3(w2, b2, w3, from: h1TNext, into: h2TNext, qT, active: activeNext)
    }

    /// H2ₖᵀ = relu(W2ₖ H1ᵀ + b2ₖ) and Qₖᵀ = W3ₖ H2ₖᵀ, leaving out the h1 units inactive in the batch
    /// when `sparse`; returns how many were active (all of them otherwise), listed in `list`.
    private func layers2And3(_ w2: UnsafePointer<Float>, _ b2: UnsafePointer<Float>, _ w3: UnsafePointer<Float>,
                             from h1T: UnsafePointer<Float>, into h2T: UnsafeMutablePointer<Float>,
                             _ qT: UnsafeMutablePointer<Float>, active list: UnsafeMutablePointer<Int32>) -> Int {
        var active = hidden1
        if sparse {
            active = VectorKernels.nonzeroRows(h1T, rows: hidden1, cols: batch, ld: batch, into: list)
            Matrix.sparseGemm(m: units, rows: nil, n: batch, k: active, ks: list, w2, lda: hidden1, h1T,
                              ldb: batch, into: h2T, ldc: batch, rowBias: b2, relu: true)
        } else {
            denseTransposed(w2, b2, h1T, into: h2T, batch: batch, inputs: hidden1, outputs: units, relu: true)
        }
        denseTransposed(w3, nil, h2T, into: qT, batch: batch, inputs: units, outputs: outputs, relu: false)
        return active
    }

    /// This half's gradients, and its shares of dW1 and db1, from dQ in `shared`:
    /// dH1ₖ = (dH2ₖ W2ₖ) ⊙ [H1 > 0], dW1ₖ = dH1ₖᵀ X. (The mask is elementwise, so the shares sum
    /// to layer 1's gradients.)
    func backward(_ shared: SharedPart) {
        // dH2ₖᵀ = (W3ₖᵀ dQᵀ) ⊙ [H2ₖᵀ > 0];  dW3ₖ = dQᵀ H2ₖ;  db2ₖ = row sums of dH2ₖᵀ
        Matrix.fusedGemm(m: units, n: batch, k: outputs, w3, lda: units, transposeA: true, shared.dQT, ldb: batch,
                         into: dH2T, ldc: batch, gate: h2T, ldgate: batch)
        Matrix.gemm(m: outputs, n: units, k: batch, shared.dQT, lda: batch, h2T, ldb: batch, transposeB: true,
                    into: g3, ldc: units)
        VectorKernels.rowSums(dH2T, rows: units, cols: batch, into: gb2)
        // dW2ₖ = dH2ₖᵀ H1;  dH1ₖᵀ = (W2ₖᵀ dH2ₖᵀ) ⊙ [H1ᵀ > 0]
        if sparse {
            backwardSparse()
        } else {
            Matrix.gemm(m: units, n: hidden1, k: batch, dH2T, lda: batch, h1, ldb: hidden1, into: g2, ldc: hidden1)
            Matrix.fusedGemm(m: hidden1, n: batch, k: units, w2, lda: hidden1, transposeA: true, dH2T, ldb: batch,
                             into: dH1T, ldc: batch, gate: h1T, ldgate: batch)
        }
        // dW1ₖ = dH1ₖᵀ X;  db1ₖ = row sums of dH1ₖᵀ
        Matrix.gemm(m: hidden1, n: shared.inputs, k: batch, dH1T, lda: batch, shared.x, ldb: shared.inputs,
                    into: gw1, ldc: shared.inputs)
        VectorKernels.rowSums(dH1T, rows: hidden1, cols: batch, into: gb1)
        // Σ g² in Double over dW2ₖ (its written rows), db2ₖ and dW3ₖ, without building a list per step.
        var sum = 0.0
        if sparse {
            for r in 0..<active2Count { sum += Matrix.sumOfSquares(g2 + Int(active2[r]) * hidden1, hidden1) }
        } else {
            sum = Matrix.sumOfSquares(g2, units * hidden1)
        }
        sumOfSquares = sum + Matrix.sumOfSquares(gb2, units) + Matrix.sumOfSquares(g3, outputs * units)
    }

    /// dW2ₖ's rows for the units with a gradient, and dH1ₖᵀ's rows for the active h1 units from the
    /// h2 units with a gradient; dH1ₖᵀ's other rows are zero.
    private func backwardSparse() {
        active2Count = VectorKernels.nonzeroRows(dH2T, rows: units, cols: batch, ld: batch, into: active2)
        hasGradient.update(repeating: 0, count: units)
        for r in 0..<active2Count { hasGradient[Int(active2[r])] = 1 }
        Matrix.sparseGemm(m: active2Count, rows: active2, n: hidden1, k: batch, ks: nil, dH2T, lda: batch, h1,
                          ldb: hidden1, into: g2, ldc: hidden1)
        var next = 0
        for unit in 0..<hidden1 {
            if next < active1Count && Int(active1[next]) == unit { next += 1; continue }
            (dH1T + unit * batch).update(repeating: 0, count: batch)
        }
        Matrix.sparseGemm(m: active1Count, rows: active1, n: batch, k: active2Count, ks: active2, w2, lda: hidden1,
                          transposeA: true, dH2T, ldb: batch, into: dH1T, ldc: batch, gate: h1T, ldgate: batch)
    }

    func update(scale: Float, _ c: AdamConstants) {
        c.apply(w2, g2, m2, v2, rows: units, cols: hidden1, hasGradient: hasGradient, scale: scale)
        for (w, g, m, v, n) in [(b2, gb2, mb2, vb2, units), (w3, g3, m3, v3, outputs * units)] {
            c.apply(w, g, m, v, n, scale: scale)
        }
    }
}
