import DojoNN
import DojoRandom
import Testing
import TestSupport

/// A one-parameter-tensor problem: a Dense 1 -> 2 layer whose parameters are set directly and
/// whose gradients come from a backward with a chosen output gradient.
@Suite("Optimizers")
struct OptimizerTests {
    /// Network with weight [[w0], [w1]], bias [b0, b1]; after `prepare`, gradients are
    /// dW = [[g0], [g1]] and db = [g0, g1] (input 1, output gradient [g0, g1]).
    static func network(w: [Float] = [1, -2], b: [Float] = [0.5, 0]) -> Sequential {
        Sequential(layers: [Dense(weight: Matrix(rows: 2, cols: 1, w), bias: Matrix(rows: 1, cols: 2, b))])
    }

    static func setGradients(_ net: inout Sequential, _ g: [Float]) {
        net.forward(Matrix([[1]]))
        net.backward(Matrix(rows: 1, cols: 2, g))
    }

    @Test("SGD, momentum and Nesterov match hand-computed updates")
    func sgd() {
        var net = Self.network()
        var opt = SGD(learningRate: 0.1)
        Self.setGradients(&net, [1, -1])
        opt.step(&net)
        #expect(net.parameters[0] == Matrix(rows: 2, cols: 1, [0.9, -1.9]))

        // Momentum 0.9: v1 = g = 1 -> w = 1 - 0.1 = 0.9; v2 = 0.9 + 1 = 1.9 -> w = 0.9 - 0.19 = 0.71.
        net = Self.network()
        opt = SGD(learningRate: 0.1, momentum: 0.9)
        for _ in 0..<2 { Self.setGradients(&net, [1, 0]); opt.step(&net) }
        #expect(isApproximatelyEqual(net.parameters[0].storage[0], 0.71))
        // Nesterov: v1 = 1, step g + 0.9 v1 = 1.9 -> w = 1 - 0.19 = 0.81.
        net = Self.network()
        opt = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        Self.setGradients(&net, [1, 0]); opt.step(&net)
        #expect(isApproximatelyEqual(net.parameters[0].storage[0], 0.81))
    }

    @Test("Adagrad, Adadelta, RMSprop, Adam, AdamW first steps match hand computation")
    func adaptive() {
        let g: Float = 0.5
        func first(_ opt: inout some Optimizer) -> Float {
            var net = Self.network()
            Self.setGradients(&net, [g, 0])
            opt.step(&net)
            return net.parameters[0].storage[0]
        }
        var adagrad = Adagrad(learningRate: 0.1)
        #expect(isApproximatelyEqual(first(&adagrad), 1 - 0.1 * g / (g + 1e-10)))
        var rms = RMSprop(learningRate: 0.01, alpha: 0.9)
        let v: Float = 0.1 * g * g
        #expect(isApproximatelyEqual(first(&rms), 1 - 0.01 * g / (v.squareRoot() + 1e-8)))
        var adadelta = Adadelta(learningRate: 1, rho: 0.9, epsilon: 1e-6)
        let eg: Float = 0.1 * g * g
        let delta = (Float(1e-6)).squareRoot() / (eg + 1e-6).squareRoot() * g
        #expect(isApproximatelyEqual(first(&adadelta), 1 - delta))
        // Adam's first bias-corrected step is lr * sign(g) (up to epsilon).
        var adam = Adam(learningRate: 0.01)
        #expect(isApproximatelyEqual(first(&adam), 1 - 0.01, relative: 1e-5))
        var adamw = AdamW(learningRate: 0.01, weightDecay: 0.1)
        #expect(isApproximatelyEqual(first(&adamw), 1 * (1 - 0.01 * 0.1) - 0.01, relative: 1e-5))
        #expect(adam.state["step"] == Matrix([[1]]))
    }

    @Test("L1 and L2 penalties add l1*sign(w) + l2*w to the gradient")
    func regularization() {
        var net = Self.network(w: [2, -3])
        var opt = SGD(learningRate: 0.1, regularization: Regularization(l1: 0.5, l2: 0.25))
        Self.setGradients(&net, [0, 0])
        opt.step(&net)
        // w0: 2 - 0.1 * (0.5 + 0.5) = 1.9; w1: -3 - 0.1 * (-0.5 - 0.75) = -2.875.
        #expect(isApproximatelyEqual(net.parameters[0].storage[0], 1.9))
        #expect(isApproximatelyEqual(net.parameters[0].storage[1], -2.875))
        #expect(isApproximatelyEqual(Regularization(l1: 1, l2: 2).penalty(Self.network(w: [1, -2], b: [0, 0])), 3 + 5))
    }

    static let all: [(String, any Optimizer)] = [
        ("sgd", SGD(learningRate: 0.05)),
        ("momentum", SGD(learningRate: 0.02, momentum: 0.9)),
        ("nesterov", SGD(learningRate: 0.02, momentum: 0.9, nesterov: true)),
        ("adagrad", Adagrad(learningRate: 0.5)),
        ("adadelta", Adadelta(learningRate: 1, rho: 0.9, epsilon: 1e-2)),
        ("rmsprop", RMSprop(learningRate: 0.02)),
        ("adam", Adam(learningRate: 0.05)),
        ("adamw", AdamW(learningRate: 0.05, weightDecay: 0)),
    ]

    @Test("each optimizer minimises a convex quadratic", arguments: 0..<all.count)
    func quadratic(_ index: Int) {
        // Minimise Σ (W x_i + b - y_i)² for a linear model; the optimum (W, b) = (3, -1) is exact.
        var (name, opt) = Self.all[index]
        var net = Sequential(layers: [Dense(weight: Matrix([[0]]), bias: Matrix([[0]]))])
        let x = Matrix(rows: 8, cols: 1, (0..<8).map { Float($0) / 4 - 1 })
        let y = Matrix(rows: 8, cols: 1, x.storage.map { 3 * $0 - 1 })
        var g = Matrix(rows: 0, cols: 0)
        let initial = Loss.mse.value(net.forward(x), y)
        for _ in 0..<2000 {
            Loss.mse.gradient(net.forward(x), y, into: &g)
            net.backward(g)
            opt.step(&net)
        }
        let final = Loss.mse.value(net.forward(x), y)
        #expect(final < 1e-3 * initial, "\(name): \(initial) -> \(final)")
    }

    @Test("state round-trips and a restored optimizer continues identically")
    func stateRoundTrip() throws {
        var rng = SeededGenerator(seed: 4)
        var net = Sequential.mlp(sizes: [3, 5, 2], activation: .relu, using: &rng)
        let x = randomMatrix(6, 3, using: &rng), t = randomMatrix(6, 2, using: &rng)
        var adam = Adam(learningRate: 0.01)
        var g = Matrix(rows: 0, cols: 0)
        func train(_ n: inout Sequential, _ o: inout Adam) {
            Loss.mse.gradient(n.forward(x), t, into: &g)
            n.backward(g)
            o.step(&n)
        }
        for _ in 0..<3 { train(&net, &adam) }
        var restored = Adam(learningRate: 0.01)
        try restored.restore(state: adam.state)
        #expect(restored.stepCount == 3)
        var net2 = net
        train(&net, &adam)
        train(&net2, &restored)
        #expect(net.parameters == net2.parameters)
        #expect(throws: OptimizerStateError.self) { var fresh = Adam(); try fresh.restore(state: [:]) }
    }
}
