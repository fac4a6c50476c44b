import DojoRandom

/// A fully connected layer: y = x Wᵀ + b.
///
/// `weight` is outputSize x inputSize (PyTorch's `nn.Linear` layout, so saved files load there
/// unchanged) and `bias` is 1 x outputSize. Backward: dW = dYᵀ X, db = column sums of dY,
/// dX = dY W. All three products are single sgemm calls with transpose flags.
public struct Dense: Layer {
    public var weight: Matrix
    public var bias: Matrix
    public private(set) var weightGradient: Matrix
    public private(set) var biasGradient: Matrix
    public private(set) var output = Matrix(rows: 0, cols: 0)
    public private(set) var inputGradient = Matrix(rows: 0, cols: 0)
    /// When set, a large layer's backward computes dW on this worker while the caller computes
    /// dX (two independent products; same results). Not saved with the network.
    public var worker: PairedWorker?
    /// With a worker, dW alternates between this buffer and `weightGradient` from one backward
    /// to the next: the worker then writes into memory the caller's core read two steps ago
    /// rather than just now (measured: writing over a buffer the other core has just read
    /// costs it a third more time on this 2-core VM).
    var spareWeightGradient = Matrix(rows: 0, cols: 0)

    /// A layer with weights drawn by `initializer` and zero biases (or drawn biases, for
    /// `.pytorchDefault`).
    public init(inputSize: Int, outputSize: Int, initializer: Initializer = .heUniform,
                using rng: inout SeededGenerator) {
        precondition(inputSize > 0 && outputSize > 0, "Dense: sizes must be positive, got \(inputSize)->\(outputSize)")
        weight = Matrix(rows: outputSize, cols: inputSize)
        initializer.fill(&weight, fanIn: inputSize, fanOut: outputSize, using: &rng)
        bias = Matrix(rows: 1, cols: outputSize)
        if initializer.drawsBiases { initializer.fill(&bias, fanIn: inputSize, fanOut: outputSize, using: &rng) }
        weightGradient = Matrix(rows: outputSize, cols: inputSize)
        biasGradient = Matrix(rows: 1, cols: outputSize)
    }

    /// A layer with the given parameters (weight: out x in, bias: 1 x out).
    public init(weight: Matrix, bias: Matrix) {
        precondition(bias.rows == 1 && bias.cols == weight.rows,
                     "Dense: bias is \(bias.rows)x\(bias.cols) but weight is \(weight.rows)x\(weight.cols)")
        self.weight = weight
        self.bias = bias
        weightGradient = Matrix(rows: weight.rows, cols: weight.cols)
        biasGradient = Matrix(rows: 1, cols: weight.rows)
    }

    public var inputSize: Int? { weight.cols }
    public var outputSize: Int { weight.rows }
    public func outputSize(forInputSize inputSize: Int) -> Int { weight.rows }

    public mutating func forward(_ input: Matrix, training: Bool, using rng: inout SeededGenerator) {
        precondition(input.cols == weight.cols,
                     "Dense: input has \(input.cols) features but the layer expects \(weight.cols)")
        let batch = input.rows, outs = weight.rows
        output.reshape(rows: batch, cols: outs)
        // Broadcast the bias into every row, then accumulate x Wᵀ on top (beta = 1).
        bias.storage.withUnsafeBufferPointer { b in
            output.storage.withUnsafeMutableBufferPointer { y in
                guard let src = b.baseAddress, let dst = y.baseAddress else { return }
                for r in 0..<batch { (dst + r * outs).update(from: src, count: outs) }
            }
        }
        Matrix.gemm(input, weight, transposeB: true, into: &output, beta: 1)
    }

    public mutating func backward(_ outputGradient: Matrix, input: Matrix) {
        precondition(outputGradient.rows == input.rows && outputGradient.cols == weight.rows,
                     "Dense.backward: gradient is \(outputGradient.rows)x\(outputGradient.cols), expected \(input.rows)x\(weight.rows)")
        let batch = input.rows, outs = weight.rows
        inputGradient.reshape(rows: batch, cols: weight.cols)
        if let worker, weight.count >= PairedWorker.worthwhileParameterCount {
            swap(&weightGradient, &spareWeightGradient)
            weightGradient.reshape(rows: weight.rows, cols: weight.cols)
            let weight = self.weight
            withUnsafeMutablePointer(to: &weightGradient) { dW in
                withUnsafeMutablePointer(to: &inputGradient) { dX in
                    func inputPart() { Matrix.gemm(outputGradient, weight, into: &dX.pointee) }
                    func weightPart() { Matrix.gemm(outputGradient, transposeA: true, input, into: &dW.pointee) }
                    worker.run(inputPart, alongside: weightPart)
                }
            }
        } else {
            Matrix.gemm(outputGradient, transposeA: true, input, into: &weightGradient)
            Matrix.gemm(outputGradient, weight, into: &inputGradient)
        }
        outputGradient.storage.withUnsafeBufferPointer { g in
            biasGradient.storage.withUnsafeMutableBufferPointer { db in
                guard let gp = g.baseAddress, let dbp = db.baseAddress else { return }
                VectorKernels.columnSums(gp, rows: batch, cols: outs, into: dbp)
            }
        }
    }

    public var parameterTensorCount: Int { 2 }
    public var parameterNames: [String] { ["weight", "bias"] }
    public func parameter(at index: Int) -> Matrix {
        precondition(index == 0 || index == 1, "Dense has no parameter \(index)")
        return index == 0 ? weight : bias
    }
    public func gradient(at index: Int) -> Matrix {
        precondition(index == 0 || index == 1, "Dense has no parameter \(index)")
        return index == 0 ? weightGradient : biasGradient
    }
    public mutating func withParameter(at index: Int, _ body: (inout Matrix, inout Matrix) -> Void) {
        precondition(index == 0 || index == 1, "Dense has no parameter \(index)")
        if index == 0 { body(&weight, &weightGradient) } else { body(&bias, &biasGradient) }
    }

    public var architectureToken: String { "dense:\(weight.cols):\(weight.rows)" }
}
