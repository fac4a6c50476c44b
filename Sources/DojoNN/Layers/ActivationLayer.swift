import DojoRandom

/// Applies an `Activation` to every element (softmax: to every row). No parameters.
public struct ActivationLayer: Layer {
    public let activation: Activation
    public private(set) var output = Matrix(rows: 0, cols: 0)
    public private(set) var inputGradient = Matrix(rows: 0, cols: 0)

    public init(_ activation: Activation) { self.activation = activation }

    public var inputSize: Int? { nil }
    public func outputSize(forInputSize inputSize: Int) -> Int { inputSize }

    public mutating func forward(_ input: Matrix, training: Bool, using rng: inout SeededGenerator) {
        output.reshape(rows: input.rows, cols: input.cols)
        activation.apply(input, into: &output)
    }

    public mutating func backward(_ outputGradient: Matrix, input: Matrix) {
        precondition(outputGradient.rows == output.rows && outputGradient.cols == output.cols,
                     "ActivationLayer.backward: gradient is \(outputGradient.rows)x\(outputGradient.cols), output is \(output.rows)x\(output.cols)")
        inputGradient.reshape(rows: input.rows, cols: input.cols)
        activation.backward(input: input, output: output, outputGradient: outputGradient, into: &inputGradient)
    }

    public var architectureToken: String { activation.token }
}
