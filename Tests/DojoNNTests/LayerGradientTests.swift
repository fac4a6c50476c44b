import DojoNN
import DojoRandom
import Testing
import TestSupport

/// Every layer's backward against central finite differences of L = Σ R ⊙ layer(x), R random.
@Suite("Layer gradients match finite differences")
struct LayerGradientTests {
    static let activations: [Activation] = [
        .identity, .relu, .leakyReLU(slope: 0.1), .elu(alpha: 1.0), .sigmoid, .tanh, .softmax,
    ]

    /// Checks the input gradient and every parameter gradient of `network`.
    func check(_ network: Sequential, batch: Int, seed: UInt64, tolerance: Float = 2e-2) {
        var rng = SeededGenerator(seed: seed)
        var net = network
        // Inputs away from 0 so a ReLU kink is not straddled by the probe.
        var x = randomMatrix(batch, net.inputSize, using: &rng)
        for i in 0..<x.count where abs(x.storage[i]) < 0.05 { x.storage[i] += 0.1 }
        let r = randomMatrix(batch, net.outputSize, using: &rng)
        net.forward(x)
        net.backward(r)
        let analyticInput = net.inputGradient
        let analyticParameters = net.gradients

        var probe = net
        let numericInput = numericalGradient(at: x) { weightedSum(probe.forward($0), r) }
        #expect(gradientError(analyticInput, numericInput) < tolerance, "input gradient of \(net.architecture)")

        for k in 0..<net.parameterTensorCount {
            let numeric = numericalGradient(at: net.parameter(at: k)) { p in
                var parameters = net.parameters
                parameters[k] = p
                probe.parameters = parameters
                return weightedSum(probe.forward(x), r)
            }
            #expect(gradientError(analyticParameters[k], numeric) < tolerance,
                    "gradient of \(net.parameterName(at: k)) in \(net.architecture)")
        }
    }

    @Test("Dense: weight, bias and input gradients")
    func dense() {
        var rng = SeededGenerator(seed: 1)
        check(Sequential(layers: [Dense(inputSize: 5, outputSize: 3, using: &rng)]), batch: 4, seed: 2)
        // 20 outputs: the bias gradient's SIMD16 path plus a scalar tail.
        check(Sequential(layers: [Dense(inputSize: 3, outputSize: 20, using: &rng)]), batch: 5, seed: 8)
    }

    @Test("each activation's backward", arguments: activations)
    func activation(_ activation: Activation) {
        check(Sequential(layers: [ActivationLayer(activation)] + [Dense(inputSize: 6, outputSize: 6, initializer: .xavierUniform, using: &Self.rng)]),
              batch: 3, seed: 3)
        var rng = SeededGenerator(seed: 4)
        check(Sequential(layers: [Dense(inputSize: 4, outputSize: 6, initializer: .xavierNormal, using: &rng), ActivationLayer(activation)]),
              batch: 5, seed: 5)
    }

    nonisolated(unsafe) static var rng = SeededGenerator(seed: 9)

    @Test("DuelingAggregation: Q = V + A - mean(A) and its backward")
    func dueling() {
        let x = Matrix([[1, 2, 3, 7], [0, -1, 1, 0]])
        var layer = DuelingAggregation(actions: 3)
        var rng = SeededGenerator(seed: 0)
        layer.forward(x, training: false, using: &rng)
        // Row 0: V = 1, A = (2, 3, 7), mean 4 -> Q = (-1, 0, 4). Row 1: V = 0, A = (-1, 1, 0) -> (-1, 1, 0).
        #expect(layer.output == Matrix([[-1, 0, 4], [-1, 1, 0]]))
        var rng2 = SeededGenerator(seed: 6)
        check(Sequential(layers: [Dense(inputSize: 3, outputSize: 5, using: &rng2), DuelingAggregation(actions: 4)]),
              batch: 3, seed: 7)
    }

    @Test("Dropout: training mask scales survivors; gradient follows the same mask; eval is identity")
    func dropout() {
        var net = Sequential(layers: [Dropout(rate: 0.5)] + [Dense(inputSize: 8, outputSize: 8, initializer: .normal(std: 1), using: &Self.rng)])
        let x = Matrix(rows: 16, cols: 8, repeating: 1)
        var rng = SeededGenerator(seed: 11)
        var layer = Dropout(rate: 0.5)
        layer.forward(x, training: true, using: &rng)
        let zeros = layer.output.storage.filter { $0 == 0 }.count
        #expect(layer.output.storage.allSatisfy { $0 == 0 || $0 == 2 })
        #expect(zeros > 32 && zeros < 96)
        layer.backward(Matrix(rows: 16, cols: 8, repeating: 3), input: x)
        #expect(layer.inputGradient.storage == layer.output.storage.map { $0 * 3 })
        layer.forward(x, training: false, using: &rng)
        #expect(layer.output == x)
        // Evaluation mode needs no generator, and the Dropout layer passes x through unchanged.
        var denseOnly = Sequential(layers: [net.layers[1]])
        #expect(net.forward(x) == denseOnly.forward(x))
    }

    @Test("a deeper MLP end to end")
    func mlp() {
        var rng = SeededGenerator(seed: 12)
        let net = Sequential.mlp(sizes: [3, 7, 5, 2], activation: .tanh, outputActivation: .sigmoid,
                                 initializer: .xavierUniform, using: &rng)
        check(net, batch: 4, seed: 13)
    }
}
