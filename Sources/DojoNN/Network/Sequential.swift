import DojoRandom

/// A chain of layers applied in order: the network type of every Dojo learner.
///
/// Buffers: each layer owns its output and gradient buffers; `Sequential` keeps a copy of the
/// last input (for the first layer's backward) in a buffer of its own. A warm `forward` /
/// `backward` at a fixed batch size therefore allocates nothing, provided the caller does not
/// hold on to a returned output across the next `forward`: the returned matrix shares storage with
/// the last layer's buffer, and a still-shared buffer is copied (allocated) when written again.
///
/// Copying a `Sequential` is a value copy (`target = online` is a valid hard update); the copy's
/// buffers separate from the original's on first write.
public struct Sequential {
    public private(set) var layers: [any Layer]
    /// (layer index, parameter index within the layer) for each parameter tensor, in order.
    private let slots: [(layer: Int, index: Int)]
    private var lastInput = Matrix(rows: 0, cols: 0)
    private let isStochastic: Bool

    /// A second thread for the backward pass of large Dense layers (dW beside dX); nil: one
    /// thread. Same results either way. Copies share it.
    public var worker: PairedWorker? {
        didSet {
            for i in layers.indices {
                guard var dense = layers[i] as? Dense else { continue }
                dense.worker = worker
                layers[i] = dense
            }
        }
    }

    public init(layers: [any Layer]) {
        precondition(!layers.isEmpty, "Sequential: need at least one layer")
        var width: Int? = nil
        for (i, layer) in layers.enumerated() {
            if let expected = layer.inputSize, let w = width {
                precondition(expected == w, "Sequential: layer \(i) (\(layer.architectureToken)) expects \(expected) inputs but gets \(w)")
            }
            if let w = width ?? layer.inputSize { width = layer.outputSize(forInputSize: w) }
        }
        self.layers = layers
        var slots: [(layer: Int, index: Int)] = []
        for (i, layer) in layers.enumerated() {
            for j in 0..<layer.parameterTensorCount { slots.append((i, j)) }
        }
        self.slots = slots
        isStochastic = layers.contains { $0.isStochastic }
    }

    /// A multilayer perceptron: Dense layers of `sizes` (sizes[0] inputs, sizes.last outputs) with
    /// `activation` (and Dropout of `dropout` if > 0) after each hidden one, and
    /// `outputActivation` after the last (omitted when `.identity`).
    public static func mlp(sizes: [Int], activation: Activation, outputActivation: Activation = .identity,
                           initializer: Initializer = .heUniform, dropout: Float = 0,
                           using rng: inout SeededGenerator) -> Sequential {
        precondition(sizes.count >= 2, "Sequential.mlp: need at least input and output sizes, got \(sizes)")
        var layers: [any Layer] = []
        for i in 0..<(sizes.count - 1) {
            layers.append(Dense(inputSize: sizes[i], outputSize: sizes[i + 1], initializer: initializer, using: &rng))
            if i < sizes.count - 2 {
                layers.append(ActivationLayer(activation))
                if dropout > 0 { layers.append(Dropout(rate: dropout)) }
            } else if outputActivation != .identity {
                layers.append(ActivationLayer(outputActivation))
            }
        }
        return Sequential(layers: layers)
    }

    /// Input features per example (the first sized layer's).
    public var inputSize: Int {
        guard let n = layers.lazy.compactMap({ $0.inputSize }).first else {
            preconditionFailure("Sequential: no layer fixes the input size")
        }
        return n
    }

    /// Output features per example.
    public var outputSize: Int {
        layers.reduce(inputSize) { $1.outputSize(forInputSize: $0) }
    }

    /// Total number of scalar parameters.
    public var parameterCount: Int {
        slots.reduce(0) { $0 + layers[$1.layer].parameter(at: $1.index).count }
    }

    /// The output of the last forward (batch x outputSize).
    public var output: Matrix { layers[layers.count - 1].output }

    /// dL/dinput from the last backward (batch x inputSize).
    public var inputGradient: Matrix { layers[0].inputGradient }

    /// Runs the network on a batch (batch x inputSize -> batch x outputSize). In training mode
    /// with a Dropout layer this needs a generator: use `forward(_:training:using:)`.
    @discardableResult
    public mutating func forward(_ input: Matrix, training: Bool = false) -> Matrix {
        precondition(!(training && isStochastic),
                     "Sequential.forward: a training forward through Dropout needs `using: &rng`")
        var unused = SeededGenerator(seed: 0)
        return forward(input, training: training, using: &unused)
    }

    /// Runs the network on a batch, drawing Dropout masks from `rng` when `training`.
    @discardableResult
    public mutating func forward(_ input: Matrix, training: Bool, using rng: inout SeededGenerator) -> Matrix {
        lastInput.copy(from: input)
        layers[0].forward(input, training: training, using: &rng)
        for i in 1..<layers.count {
            let previous = layers[i - 1].output
            layers[i].forward(previous, training: training, using: &rng)
        }
        return layers[layers.count - 1].output
    }

    /// Backpropagates dL/doutput (batch x outputSize) through the last forward. Sets (does not
    /// accumulate) every parameter gradient and `inputGradient`.
    public mutating func backward(_ outputGradient: Matrix) {
        var gradient = outputGradient
        for i in stride(from: layers.count - 1, through: 0, by: -1) {
            let input = i == 0 ? lastInput : layers[i - 1].output
            layers[i].backward(gradient, input: input)
            gradient = layers[i].inputGradient
        }
    }

    // MARK: Parameters by global index

    /// Number of parameter tensors (weights and biases count separately).
    public var parameterTensorCount: Int { slots.count }

    /// Parameter tensor `k` in the fixed order (layer by layer; weight then bias).
    public func parameter(at k: Int) -> Matrix {
        layers[slots[k].layer].parameter(at: slots[k].index)
    }

    /// Gradient of parameter tensor `k`.
    public func gradient(at k: Int) -> Matrix {
        layers[slots[k].layer].gradient(at: slots[k].index)
    }

    /// In-place access to parameter tensor `k` and its gradient (what optimizers use).
    public mutating func withParameter(at k: Int, _ body: (inout Matrix, inout Matrix) -> Void) {
        let slot = slots[k]
        layers[slot.layer].withParameter(at: slot.index, body)
    }

    /// Every parameter tensor in order. Setting requires the same count and shapes.
    public var parameters: [Matrix] {
        get { (0..<slots.count).map { parameter(at: $0) } }
        set {
            precondition(newValue.count == slots.count,
                         "Sequential.parameters: got \(newValue.count) tensors, expected \(slots.count)")
            for k in 0..<slots.count {
                withParameter(at: k) { w, _ in
                    precondition(w.rows == newValue[k].rows && w.cols == newValue[k].cols,
                                 "Sequential.parameters: tensor \(k) is \(newValue[k].rows)x\(newValue[k].cols), expected \(w.rows)x\(w.cols)")
                    w.copy(from: newValue[k])
                }
            }
        }
    }

    /// Every gradient tensor in order.
    public var gradients: [Matrix] { (0..<slots.count).map { gradient(at: $0) } }

    /// The saved-file name of tensor `k`, e.g. "layers.0.weight".
    public func parameterName(at k: Int) -> String {
        "layers.\(slots[k].layer).\(layers[slots[k].layer].parameterNames[slots[k].index])"
    }
}
