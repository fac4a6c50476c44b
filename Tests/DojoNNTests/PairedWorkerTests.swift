import DojoNN
import DojoRandom
import Testing
import TestSupport

/// The second thread changes where work runs, never what it computes.
@Suite("PairedWorker and the two-thread Dense backward")
struct PairedWorkerTests {
    @Test("run does both pieces before returning; a nested run falls back to the caller")
    func runsBoth() {
        let worker = PairedWorker()
        var left = 0, right = 0, inner = 0
        for i in 1...200 {
            withUnsafeMutablePointer(to: &right) { r in
                worker.run({
                    left = i
                    // The worker is busy with the outer call: this one runs both on the caller.
                    worker.run({ inner += 1 }, alongside: { inner += 1 })
                }, alongside: { r.pointee = i * 2 })
            }
            #expect(left == i && right == i * 2)
        }
        #expect(inner == 400)
    }

    /// 200 x 100 = 20,000 weights: over the two-thread threshold. Three backward passes, so dW
    /// lands in each of its two alternating buffers and then the first again.
    @Test("a large Dense layer with a worker gives exactly the one-thread gradients, step after step")
    func denseMatchesOneThread() {
        var rng = SeededGenerator(seed: 21)
        var serial = Sequential(layers: [Dense(inputSize: 100, outputSize: 200, using: &rng)])
        var paired = serial
        paired.worker = PairedWorker()
        var adamSerial = Adam(learningRate: 0.01), adamPaired = Adam(learningRate: 0.01)
        for step in 1...3 {
            let x = randomMatrix(32, 100, using: &rng), dy = randomMatrix(32, 200, using: &rng)
            serial.forward(x)
            paired.forward(x)
            serial.backward(dy)
            paired.backward(dy)
            #expect(paired.gradients == serial.gradients, "step \(step)")
            #expect(paired.inputGradient == serial.inputGradient, "step \(step)")
            #expect(paired.gradient(at: 0).rows == 200 && paired.gradient(at: 0).cols == 100)
            adamSerial.step(&serial)
            adamPaired.step(&paired)
            #expect(paired.parameters == serial.parameters, "step \(step)")
        }
        // And the gradient really is dYᵀX (not a stale buffer): check the last step's by hand.
        let x = randomMatrix(4, 100, using: &rng), dy = randomMatrix(4, 200, using: &rng)
        paired.forward(x)
        paired.backward(dy)
        let expected = dy.matmul(x, transposeSelf: true)
        #expect(paired.gradient(at: 0) == expected)
    }
}
