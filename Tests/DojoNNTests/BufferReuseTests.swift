import DojoNN
import DojoRandom
import Testing
import TestSupport

/// A warm training step must reuse every buffer: a copy-on-write copy or a reallocation would
/// move a buffer, so its address would change. (Malloc counting with an LD_PRELOAD counter found
/// zero allocations from Dojo code per warm step; the only ones left come from inside OpenBLAS.)
@Suite("Warm steps reuse buffers")
struct BufferReuseTests {
    func address(_ m: Matrix) -> UnsafeRawPointer? {
        m.storage.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// From another module (this test's), as the agents write loss gradients and inputs.
    @Test("writing elements of a matrix in place keeps its buffer")
    func inPlaceWritesDoNotCopy() {
        var m = Matrix(rows: 4, cols: 8)
        let before = address(m)
        for i in 0..<m.count { m.storage[i] = Float(i) }
        m.storage.withUnsafeMutableBufferPointer { $0[0] = -1 }
        m[1, 2] = 5
        #expect(address(m) == before)
        #expect(m.storage[0] == -1 && m[1, 2] == 5 && m.storage[31] == 31)
    }

    @Test("outputs, gradients and parameters stay at the same addresses across warm steps")
    func stableAddresses() {
        var rng = SeededGenerator(seed: 1)
        var net = Sequential.mlp(sizes: [4, 32, 32, 3], activation: .relu, dropout: 0.1, using: &rng)
        var adam = Adam()
        let x = randomMatrix(16, 4, using: &rng), t = randomMatrix(16, 3, using: &rng)
        var g = Matrix(rows: 16, cols: 3)
        func step() {
            let out = net.forward(x, training: true, using: &rng)
            Loss.huber(delta: 1).gradient(out, t, into: &g)
            net.backward(g)
            adam.step(&net)
        }
        func snapshot() -> [UnsafeRawPointer?] {
            net.layers.flatMap { [address($0.output), address($0.inputGradient)] }
                + net.parameters.map(address) + net.gradients.map(address) + [address(g)]
        }
        step()
        let before = snapshot()
        for _ in 0..<5 { step() }
        #expect(snapshot() == before)
    }
}
