/// A network's forward pass over many inputs at once, with the batch along the rows: every
/// activation is stored features x batch. Then each Dense layer's product W Xᵀ has a row-major
/// right-hand operand, so it goes to Dojo's kernel with its bias and a following ReLU fused in
/// (`Matrix.fusedGemm`). For networks of Dense layers, each optionally followed by ReLU, and
/// optionally the dueling head at the end.
///
/// Why: a DQN training phase runs the target network over thousands of next observations in
/// 256-row passes; there the kernel runs at about 112 GFLOP/s against sgemm's 104 (AMD EPYC
/// Zen 4, one thread), and the separate bias and ReLU passes go. The values are those of
/// `Sequential.forward` up to float rounding.
///
/// A layer after a ReLU leaves out the input features that are zero for every input of the pass
/// (units inactive over the whole batch; see `HalfPart.sparse`), which changes no value. In the
/// CartPole preset's target passes most of the second hidden layer's units are inactive.
public final class TransposedInference {
    private struct Layer {
        var weight: Matrix   // outputs x inputs, as in Dense
        var bias: Matrix     // 1 x outputs
        let relu: Bool
    }
    private var layers: [Layer] = []
    /// Each layer's output for the last `run` (outputs x batch).
    private var outputs: [UnsafeMutablePointer<Float>] = []
    private let buffers = OwnedBuffers()
    /// The active features of a layer's input (the nonzero rows of the previous ReLU's output).
    private let active: UnsafeMutablePointer<Int32>
    public let inputSize: Int
    public let outputSize: Int
    /// The most inputs one `run` takes.
    public let maxBatch: Int

    /// The dueling head's actions when the network ends with one, and its Q values (actions x maxBatch).
    private let duelingActions: Int?
    private let headOutput: UnsafeMutablePointer<Float>?

    /// Nil unless `network` is Dense layers, each followed by at most one ReLU, and at most a
    /// dueling head at the end.
    public init?(_ network: Sequential, maxBatch: Int) {
        precondition(maxBatch > 0, "TransposedInference: maxBatch must be positive")
        guard let chain = DenseReLUChain(network) else { return nil }
        let layers = chain.layers.map { Layer(weight: $0.dense.weight, bias: $0.dense.bias, relu: $0.relu) }
        self.layers = layers
        inputSize = chain.inputSize
        outputSize = chain.outputSize
        self.maxBatch = maxBatch
        let buffers = self.buffers
        outputs = layers.map { buffers.allocate($0.weight.rows * maxBatch) }
        active = buffers.allocate(layers.map(\.weight.cols).max()!, of: 0)
        duelingActions = chain.duelingActions
        headOutput = chain.duelingActions.map { buffers.allocate($0 * maxBatch) }
    }

    /// Copies in the weights of `network`, which must have this one's architecture.
    public func load(_ network: Sequential) {
        var k = 0
        for layer in network.layers {
            guard let dense = layer as? Dense else { continue }
            precondition(k < layers.count && dense.weight.rows == layers[k].weight.rows
                         && dense.weight.cols == layers[k].weight.cols,
                         "TransposedInference.load: a network of another architecture")
            layers[k].weight.storage.withUnsafeMutableBufferPointer { w in
                dense.weight.storage.withUnsafeBufferPointer { w.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            }
            layers[k].bias.storage.withUnsafeMutableBufferPointer { b in
                dense.bias.storage.withUnsafeBufferPointer { b.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            }
            k += 1
        }
        precondition(k == layers.count, "TransposedInference.load: a network of another architecture")
    }

    /// Runs the network on `count` inputs (at most `maxBatch`) given features x count (row stride
    /// `count`); returns its outputs, outputSize x count (row stride `count`), valid until the next run.
    public func run(_ inputsT: UnsafePointer<Float>, count: Int) -> UnsafePointer<Float> {
        precondition(count > 0 && count <= maxBatch, "TransposedInference.run: \(count) inputs, at most \(maxBatch)")
        var input = inputsT
        var afterReLU = false
        for (layer, output) in zip(layers, outputs) {
            let (rows, width) = (layer.weight.rows, layer.weight.cols)
            layer.weight.storage.withUnsafeBufferPointer { w in
                layer.bias.storage.withUnsafeBufferPointer { b in
                    if afterReLU && Matrix.ownKernel {
                        let k = VectorKernels.nonzeroRows(input, rows: width, cols: count, ld: count, into: active)
                        Matrix.sparseGemm(m: rows, rows: nil, n: count, k: k, ks: active, w.baseAddress!, lda: width,
                                          input, ldb: count, into: output, ldc: count, rowBias: b.baseAddress!,
                                          relu: layer.relu)
                    } else {
                        Matrix.fusedGemm(m: rows, n: count, k: width, w.baseAddress!, lda: width, input, ldb: count,
                                         into: output, ldc: count, rowBias: b.baseAddress!, relu: layer.relu)
                    }
                }
            }
            input = UnsafePointer(output)
            afterReLU = layer.relu
        }
        if let actions = duelingActions, let q = headOutput {
            for column in 0..<count {
                DuelingAggregation.aggregate(input + column, stride: count, actions: actions, into: q + column, yStride: count)
            }
            return UnsafePointer(q)
        }
        return input
    }
}
