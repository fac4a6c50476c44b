import DojoNN
import DojoRandom
import Testing
import TestSupport

/// One-input passes with the weights transposed (acting and greedy evaluation).
@Suite("Inference on one input at a time", .enabled(if: SingleInference(Sequential.mlp(sizes: [1, 1], using: 0)) != nil))
struct SingleInferenceTests {
    @Test("the bits of TransposedInference on one column, the values of Sequential.forward")
    func matchesOtherPaths() throws {
        var rng = SeededGenerator(seed: 7)
        // 300 and 37 units: the 256-, 64- and 16-wide output blocks and a masked tail.
        var network = Sequential.mlp(sizes: [6, 300, 37, 3], activation: .relu, using: &rng)
        let single = try #require(SingleInference(network))
        let transposed = try #require(TransposedInference(network, maxBatch: 1))
        #expect(single.inputSize == 6 && single.outputSize == 3)
        for trial in 0..<20 {
            var x = (0..<6).map { _ in rng.nextUnitFloat() * 4 - 2 }
            if trial % 4 == 0 { x[trial % 6] = 0 }   // a zero input is skipped, not multiplied
            let out = x.withUnsafeBufferPointer { Array(UnsafeBufferPointer(start: single.run($0.baseAddress!), count: 3)) }
            let same = x.withUnsafeBufferPointer { Array(UnsafeBufferPointer(start: transposed.run($0.baseAddress!, count: 1), count: 3)) }
            #expect(out == same)
            let expected = network.forward(Matrix([x]))
            for o in 0..<3 { #expect(isApproximatelyEqual(out[o], expected[0, o], absolute: 1e-5), "output \(o)") }
            let argmax = x.withUnsafeBufferPointer { single.argmax($0.baseAddress!) }
            #expect(argmax == (0..<3).max { out[$0] < out[$1] || (out[$0] == out[$1] && $0 > $1) })
        }
    }

    @Test("a dueling head at the end: both inference copies give Sequential's Q values")
    func duelingHead() throws {
        var rng = SeededGenerator(seed: 9)
        let mlp = Sequential.mlp(sizes: [4, 40, 33, 5], activation: .relu, using: &rng)
        var network = Sequential(layers: mlp.layers + [DuelingAggregation(actions: 4)])
        let single = try #require(SingleInference(network))
        let transposed = try #require(TransposedInference(network, maxBatch: 8))
        #expect(single.outputSize == 4 && transposed.outputSize == 4)
        let x = randomMatrix(8, 4, in: -2...2, using: &rng)
        let expected = network.forward(x)
        let xT = (0..<32).map { i in x.storage[(i % 8) * 4 + i / 8] }
        let outT = xT.withUnsafeBufferPointer { transposed.run($0.baseAddress!, count: 8) }
        for r in 0..<8 {
            let out = x.storage.withUnsafeBufferPointer { single.run($0.baseAddress! + r * 4) }
            for a in 0..<4 {
                #expect(isApproximatelyEqual(out[a], expected[r, a], absolute: 1e-5), "input \(r), action \(a)")
                #expect(outT[a * 8 + r] == out[a])
            }
        }
        // Nothing may follow the head.
        #expect(SingleInference(Sequential(layers: network.layers + [Dense(inputSize: 4, outputSize: 2, using: &rng)])) == nil)
    }

    @Test("load takes another network's weights; other layers than Dense and ReLU are refused")
    func loadAndRefusal() throws {
        var rng = SeededGenerator(seed: 8)
        let first = Sequential.mlp(sizes: [2, 20, 2], activation: .relu, using: &rng)
        var second = Sequential.mlp(sizes: [2, 20, 2], activation: .relu, using: &rng)
        let single = try #require(SingleInference(first))
        single.load(second)
        let x: [Float] = [0.5, -1]
        let out = x.withUnsafeBufferPointer { single.run($0.baseAddress!) }
        let expected = second.forward(Matrix([x]))
        #expect(isApproximatelyEqual(out[0], expected[0, 0]) && isApproximatelyEqual(out[1], expected[0, 1]))
        #expect(SingleInference(Sequential.mlp(sizes: [2, 8, 2], activation: .tanh, using: &rng)) == nil)
        #expect(SingleInference(Sequential.mlp(sizes: [2, 8, 2], activation: .relu, dropout: 0.5, using: &rng)) == nil)
    }
}

private extension Sequential {
    /// A tiny network for the suite's condition (whether this CPU runs Dojo's kernel).
    static func mlp(sizes: [Int], using seed: UInt64) -> Sequential {
        var rng = SeededGenerator(seed: seed)
        return mlp(sizes: sizes, activation: .relu, using: &rng)
    }
}
