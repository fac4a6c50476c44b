/// Layer 1 and the output bias, and what the caller's thread forms for the halves: X and X' both
/// ways round, dQ both ways round, and the sums dW1, db1, db3.
final class SharedPart {
    let inputs: Int, hidden1: Int, outputs: Int, batch: Int
    let w1, b1, t1, tb1, b3, t3: UnsafeMutablePointer<Float>
    let gw1, gb1, gb3, mw1, vw1, mb1, vb1, mb3, vb3: UnsafeMutablePointer<Float>
    let x, xT, xNextT, dQ, dQT: UnsafeMutablePointer<Float>
    var sumOfSquares = 0.0

    init(inputs: Int, hidden1: Int, outputs: Int, batch: Int) {
        self.inputs = inputs
        self.hidden1 = hidden1
        self.outputs = outputs
        self.batch = batch
        let (wc, hc, oc) = (hidden1 * inputs, hidden1, outputs)
        let buffers = OwnedBuffers()
        (w1, b1, t1, tb1, b3, t3) = (buffers.allocate(wc), buffers.allocate(hc), buffers.allocate(wc),
                                     buffers.allocate(hc), buffers.allocate(oc), buffers.allocate(oc))
        (gw1, gb1, gb3) = (buffers.allocate(wc), buffers.allocate(hc), buffers.allocate(oc))
        (mw1, vw1, mb1, vb1, mb3, vb3) = (buffers.allocate(wc), buffers.allocate(wc), buffers.allocate(hc),
                                          buffers.allocate(hc), buffers.allocate(oc), buffers.allocate(oc))
        (x, xT, xNextT) = (buffers.allocate(batch * inputs), buffers.allocate(batch * inputs), buffers.allocate(batch * inputs))
        (dQ, dQT) = (buffers.allocate(batch * outputs), buffers.allocate(batch * outputs))
        keepAlive = buffers
    }
    private let keepAlive: OwnedBuffers

    /// Tensors 0, 1 and 5 (W1, b1, b3) of the online and target networks and of the moments.
    private var tensors: [(index: Int, online: UnsafeMutablePointer<Float>, target: UnsafeMutablePointer<Float>,
                           m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>)] {
        [(0, w1, t1, mw1, vw1), (1, b1, tb1, mb1, vb1), (5, b3, t3, mb3, vb3)]
    }

    func load(_ p: [Matrix], _ t: [Matrix], _ m: [Matrix?], _ v: [Matrix?]) {
        for tensor in tensors {
            let k = tensor.index
            copyParameter(p[k], into: tensor.online)
            copyParameter(t[k], into: tensor.target)
            copyParameter(m[k], into: tensor.m, count: p[k].count)
            copyParameter(v[k], into: tensor.v, count: p[k].count)
        }
    }

    func store(_ p: inout [Matrix], _ m: inout [Matrix], _ v: inout [Matrix]) {
        for tensor in tensors {
            let k = tensor.index
            p[k].storage.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: tensor.online, count: $0.count) }
            m[k].storage.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: tensor.m, count: $0.count) }
            v[k].storage.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: tensor.v, count: $0.count) }
        }
    }

    /// dW1 and db1 as the sums of the halves' partials, db3 as dQ's column sums.
    func backward(_ half0: HalfPart, _ half1: HalfPart) {
        for (sum, a, b, n) in [(gw1, half0.gw1, half1.gw1, hidden1 * inputs), (gb1, half0.gb1, half1.gb1, hidden1)] {
            sum.update(from: a, count: n)
            VectorKernels.add(b, into: sum, n)
        }
        VectorKernels.columnSums(dQ, rows: batch, cols: outputs, into: gb3)
        // Σ g² in Double (as `Sequential.gradientNorm`), without building a list per step.
        sumOfSquares = Matrix.sumOfSquares(gw1, hidden1 * inputs) + Matrix.sumOfSquares(gb1, hidden1)
            + Matrix.sumOfSquares(gb3, outputs)
    }

    func update(scale: Float, _ c: AdamConstants) {
        for (w, g, m, v, n) in [(w1, gw1, mw1, vw1, hidden1 * inputs), (b1, gb1, mb1, vb1, hidden1), (b3, gb3, mb3, vb3, outputs)] {
            c.apply(w, g, m, v, n, scale: scale)
        }
    }
}

/// Copies a whole matrix, or `count` zeros when it is absent (moments before the first step).
func copyParameter(_ source: Matrix?, into destination: UnsafeMutablePointer<Float>, count: Int? = nil) {
    copyParameter(source, from: 0, into: destination, count: count ?? source?.count ?? 0)
}

func copyParameter(_ source: Matrix?, from start: Int, into destination: UnsafeMutablePointer<Float>, count: Int) {
    guard let source else { destination.update(repeating: 0, count: count); return }
    source.storage.withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + start, count: count) }
}
