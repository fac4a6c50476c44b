import DojoNN
import DojoRandom
import Testing
import TestSupport

@Suite("Inference with the batch along the rows")
struct TransposedInferenceTests {
    /// inputs (count x features) as features x count.
    func transposed(_ m: Matrix) -> [Float] {
        (0..<(m.rows * m.cols)).map { i in m.storage[(i % m.rows) * m.cols + i / m.rows] }
    }

    @Test("the outputs of Sequential.forward, at the kernel's edges (37 inputs, 33 and 3 units)")
    func matchesSequential() throws {
        var rng = SeededGenerator(seed: 4)
        var network = Sequential.mlp(sizes: [5, 40, 33, 3], activation: .relu, using: &rng)
        let inference = try #require(TransposedInference(network, maxBatch: 64))
        #expect(inference.inputSize == 5 && inference.outputSize == 3)
        for count in [1, 37, 64] {
            let x = randomMatrix(count, 5, in: -2...2, using: &rng)
            let expected = network.forward(x)
            let inputs = transposed(x)
            let outT = inputs.withUnsafeBufferPointer { inference.run($0.baseAddress!, count: count) }
            for r in 0..<count {
                for o in 0..<3 {
                    #expect(isApproximatelyEqual(outT[o * count + r], expected[r, o]), "input \(r), output \(o)")
                }
            }
        }
    }

    @Test("load copies another network's weights; other layers than Dense and ReLU are refused")
    func loadAndRefusal() throws {
        var rng = SeededGenerator(seed: 5)
        let first = Sequential.mlp(sizes: [2, 16, 2], activation: .relu, using: &rng)
        var second = Sequential.mlp(sizes: [2, 16, 2], activation: .relu, using: &rng)
        let inference = try #require(TransposedInference(first, maxBatch: 4))
        inference.load(second)
        let x = Matrix([[0.5, -1], [2, 0.25]])
        let expected = second.forward(x)
        let outT = transposed(x).withUnsafeBufferPointer { inference.run($0.baseAddress!, count: 2) }
        #expect(isApproximatelyEqual(outT[0], expected[0, 0]) && isApproximatelyEqual(outT[3], expected[1, 1]))
        #expect(TransposedInference(Sequential.mlp(sizes: [2, 8, 2], activation: .tanh, using: &rng), maxBatch: 4) == nil)
        #expect(TransposedInference(Sequential.mlp(sizes: [2, 8, 2], activation: .relu, dropout: 0.5, using: &rng),
                                    maxBatch: 4) == nil)
    }
}
