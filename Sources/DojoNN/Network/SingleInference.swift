internal import CKernels

/// A network's forward pass on one input at a time, for acting and greedy evaluation: each Dense
/// layer keeps its weight transposed, so that its output is the bias plus one row of Wᵀ per input
/// feature that is not zero (`dojo_dense_vector`). After a ReLU most features are zero (in the
/// CartPole preset about half of the first hidden layer's and most of the second's), and their
/// rows are never read. For networks of Dense layers, each optionally followed by ReLU, and
/// optionally the dueling head at the end, on CPUs where Dojo's kernel runs (`Matrix.ownKernel`);
/// elsewhere `init` returns nil.
///
/// Why: acting and evaluation run the network on one observation per environment step. There a
/// 4-256-256-2 network's pass through sgemm took 3-4 us, bound by reading the 256 KB second-layer
/// weight from L2; skipping the rows of inactive units reads less than half of it.
///
/// The values are those of `TransposedInference` bit for bit (the same chains of fused
/// multiply-adds) and of `Sequential.forward` up to float rounding. Load the weights again after
/// they change.
public final class SingleInference {
    private struct Layer {
        let inputs: Int, outputs: Int
        let weightT: UnsafeMutablePointer<Float>   // inputs x outputs
        let bias: UnsafeMutablePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let relu: Bool
    }
    private let layers: [Layer]
    private let buffers = OwnedBuffers()
    public let inputSize: Int
    public let outputSize: Int

    /// The dueling head's actions when the network ends with one, and its Q values.
    private let duelingActions: Int?
    private let headOutput: UnsafeMutablePointer<Float>?

    /// Nil unless `network` is Dense layers, each followed by at most one ReLU, and at most a
    /// dueling head at the end, and Dojo's kernel runs here.
    public init?(_ network: Sequential) {
        guard Matrix.ownKernel, let chain = DenseReLUChain(network) else { return nil }
        inputSize = chain.inputSize
        outputSize = chain.outputSize
        duelingActions = chain.duelingActions
        let buffers = self.buffers
        headOutput = chain.duelingActions.map { buffers.allocate($0) }
        layers = chain.layers.map { layer in
            let (inputs, outputs) = (layer.dense.weight.cols, layer.dense.outputSize)
            return Layer(inputs: inputs, outputs: outputs, weightT: buffers.allocate(inputs * outputs),
                         bias: buffers.allocate(outputs), output: buffers.allocate(outputs), relu: layer.relu)
        }
        load(network)
    }

    /// Copies in the weights of `network`, which must have this one's architecture.
    public func load(_ network: Sequential) {
        var k = 0
        for layer in network.layers {
            guard let dense = layer as? Dense else { continue }
            precondition(k < layers.count && dense.weight.rows == layers[k].outputs && dense.weight.cols == layers[k].inputs,
                         "SingleInference.load: a network of another architecture")
            let target = layers[k]
            dense.weight.storage.withUnsafeBufferPointer { w in
                for o in 0..<target.outputs {
                    for i in 0..<target.inputs { target.weightT[i * target.outputs + o] = w[o * target.inputs + i] }
                }
            }
            dense.bias.storage.withUnsafeBufferPointer { target.bias.update(from: $0.baseAddress!, count: target.outputs) }
            k += 1
        }
        precondition(k == layers.count, "SingleInference.load: a network of another architecture")
    }

    /// The network's outputs (outputSize of them) for one input of inputSize features, valid until
    /// the next run.
    public func run(_ input: UnsafePointer<Float>) -> UnsafePointer<Float> {
        var x = input
        for layer in layers {
            dojo_dense_vector(layer.outputs, layer.inputs, x, layer.weightT, layer.outputs, layer.bias, layer.output,
                              layer.relu ? 1 : 0)
            x = UnsafePointer(layer.output)
        }
        if let actions = duelingActions, let q = headOutput {
            DuelingAggregation.aggregate(x, stride: 1, actions: actions, into: q, yStride: 1)
            return UnsafePointer(q)
        }
        return x
    }

    /// The index of the largest output for one input: the first of equal ones, NaN never (0 if all are).
    public func argmax(_ input: UnsafePointer<Float>) -> Int {
        let q = run(input)
        var best = 0, bestValue = -Float.infinity
        for j in 0..<outputSize where q[j] > bestValue { (best, bestValue) = (j, q[j]) }
        return best
    }
}
