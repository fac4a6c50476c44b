import Foundation
import DojoNN
import DojoRandom
import Testing
import TestSupport

@Suite("Networks learn")
struct LearningTests {
    @Test("an MLP learns XOR with Adam from a fixed seed")
    func xor() {
        var rng = SeededGenerator(seed: 2024)
        var net = Sequential.mlp(sizes: [2, 8, 1], activation: .tanh, using: &rng)
        var adam = Adam(learningRate: 0.05)
        let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Matrix([[0], [1], [1], [0]])
        var g = Matrix(rows: 0, cols: 0)
        for _ in 0..<500 {
            let out = net.forward(x, training: true)
            Loss.binaryCrossEntropy.gradient(out, y, into: &g)
            net.backward(g)
            adam.step(&net)
        }
        let out = net.forward(x)
        #expect(Loss.binaryCrossEntropy.value(out, y) < 0.05)
        for r in 0..<4 { #expect((out[r, 0] > 0) == (y[r, 0] == 1)) }
    }

    @Test("an MLP fits y = sin(3x) on [-1, 1] to low MSE")
    func regression() {
        var rng = SeededGenerator(seed: 7)
        var net = Sequential.mlp(sizes: [1, 32, 32, 1], activation: .relu, using: &rng)
        var adam = Adam(learningRate: 0.01)
        let n = 64
        let x = Matrix(rows: n, cols: 1, (0..<n).map { Float($0) / Float(n - 1) * 2 - 1 })
        let y = Matrix(rows: n, cols: 1, x.storage.map { Float(sin(3 * Double($0))) })
        var g = Matrix(rows: 0, cols: 0)
        for _ in 0..<1500 {
            let out = net.forward(x, training: true)
            Loss.mse.gradient(out, y, into: &g)
            net.backward(g)
            adam.step(&net)
        }
        #expect(Loss.mse.value(net.forward(x), y) < 0.01)
    }

    @Test("same seed, same weights and outputs; another seed differs")
    func determinism() {
        func build(_ seed: UInt64) -> (Sequential, Matrix) {
            var rng = SeededGenerator(seed: seed)
            var net = Sequential.mlp(sizes: [3, 16, 2], activation: .relu, dropout: 0.2, using: &rng)
            var adam = Adam()
            let x = randomMatrix(8, 3, using: &rng)
            var g = Matrix(rows: 0, cols: 0)
            for _ in 0..<5 {
                let out = net.forward(x, training: true, using: &rng)
                Loss.mse.gradient(out, Matrix(rows: 8, cols: 2), into: &g)
                net.backward(g)
                adam.step(&net)
            }
            return (net, net.forward(x))
        }
        let (a, outA) = build(5), (b, outB) = build(5), (c, _) = build(6)
        #expect(a.parameters == b.parameters)
        #expect(outA == outB)
        #expect(a.parameters != c.parameters)
    }

    @Test("copyParameters copies exactly; softUpdate is tau*online + (1-tau)*target")
    func copyAndSoftUpdate() {
        var rng = SeededGenerator(seed: 1)
        let online = Sequential.mlp(sizes: [2, 4, 3], activation: .relu, using: &rng)
        var target = Sequential.mlp(sizes: [2, 4, 3], activation: .relu, using: &rng)
        let before = target.parameters
        target.softUpdate(from: online, tau: 0.25)
        for k in 0..<before.count {
            for i in 0..<before[k].count {
                let expected = 0.25 * online.parameters[k].storage[i] + 0.75 * before[k].storage[i]
                #expect(abs(target.parameters[k].storage[i] - expected) < 1e-6)
            }
        }
        target.copyParameters(from: online)
        #expect(target.parameters == online.parameters)
        var x = Matrix([[0.5, -1]])
        var t2 = target, o2 = online
        #expect(t2.forward(x) == o2.forward(x))
        x[0, 0] = 0
    }

    @Test("gradientNorm and clipGradients follow the global L2 norm")
    func clipping() {
        var rng = SeededGenerator(seed: 3)
        var net = Sequential.mlp(sizes: [3, 4, 2], activation: .relu, using: &rng)
        net.forward(randomMatrix(5, 3, using: &rng))
        net.backward(randomMatrix(5, 2, using: &rng))
        let expected = net.gradients.reduce(0.0) { $0 + $1.sumOfSquares }.squareRoot()
        #expect(abs(Double(net.gradientNorm) - expected) < 1e-5 * expected)
        let before = net.gradients
        net.clipGradients(maxNorm: Float(expected) / 2)
        #expect(abs(Double(net.gradientNorm) - expected / 2) < 1e-3 * expected)
        #expect(abs(net.gradients[0].storage[0] - before[0].storage[0] / 2) < 1e-5)
        net.clipGradients(maxNorm: 1000)
        #expect(abs(Double(net.gradientNorm) - expected / 2) < 1e-3 * expected)
    }

    @Test("mlp builder: sizes, parameter count, layer sequence")
    func builder() {
        var rng = SeededGenerator(seed: 0)
        let net = Sequential.mlp(sizes: [4, 64, 64, 2], activation: .relu, dropout: 0.1, using: &rng)
        #expect(net.inputSize == 4 && net.outputSize == 2)
        #expect(net.parameterCount == 4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2)
        #expect(net.architecture == "dense:4:64,relu,dropout:0.1,dense:64:64,relu,dropout:0.1,dense:64:2")
    }
}
