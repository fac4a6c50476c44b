import DojoNN
import DojoRandom
import Testing

@Suite("Adam's vectorised update")
struct AdamKernelTests {
    /// Three Adam steps on a 40x40 Dense layer (1,600 weights: the SIMD path, not the scalar
    /// tail the tiny optimizer tests exercise) against the textbook update computed in Double.
    @Test("matches Adam computed in Double on a tensor large enough for the SIMD path")
    func matchesDoubleReference() {
        var rng = SeededGenerator(seed: 11)
        var network = Sequential(layers: [Dense(inputSize: 40, outputSize: 40, using: &rng)])
        var adam = Adam(learningRate: 0.01)
        let count = network.parameter(at: 0).count
        var w = network.parameter(at: 0).storage.map(Double.init)
        var m = [Double](repeating: 0, count: count), v = m
        let (b1, b2, lr, eps) = (0.9, 0.999, 0.01, 1e-8)
        for t in 1...3 {
            // Gradients spanning many magnitudes, some exactly zero (v stays 0 there at t = 1).
            let g: [Float] = (0..<count).map { i in
                i % 97 == 0 ? 0 : (rng.nextUnitFloat() * 2 - 1) * Float(pow10(Double(i % 7) - 4))
            }
            network.withParameter(at: 0) { _, gradient in gradient.storage = g }
            network.withParameter(at: 1) { _, gradient in gradient.fill(0) }
            adam.step(&network)
            for i in 0..<count {
                m[i] = b1 * m[i] + (1 - b1) * Double(g[i])
                v[i] = b2 * v[i] + (1 - b2) * Double(g[i]) * Double(g[i])
                let mHat = m[i] / (1 - pow(b1, Double(t)))
                let vHat = v[i] / (1 - pow(b2, Double(t)))
                w[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
            let got = network.parameter(at: 0).storage
            var worst = 0.0
            for i in 0..<count { worst = max(worst, abs(Double(got[i]) - w[i])) }
            // Each step moves a weight by at most lr = 0.01; float rounding of the weights
            // themselves is ~1e-7.
            #expect(worst < 2e-6, "step \(t): largest difference \(worst)")
        }
    }

    /// 19 weights: two 8-wide vector blocks and a 3-element scalar tail (or, without AVX, four
    /// 4-wide blocks and the same tail). Equal inputs must give equal bits wherever they sit.
    @Test("the vector body and the scalar tail compute the same bits")
    func vectorAndTailAgree() {
        var rng = SeededGenerator(seed: 5)
        var network = Sequential(layers: [Dense(inputSize: 19, outputSize: 1, using: &rng)])
        network.withParameter(at: 0) { w, _ in w.fill(0.25) }
        var adam = Adam(learningRate: 0.003)
        for t in 1...5 {
            let g = Float(t) * 0.37 - 1.1
            network.withParameter(at: 0) { _, gradient in gradient.fill(g) }
            network.withParameter(at: 1) { _, gradient in gradient.fill(0) }
            adam.step(&network)
        }
        let w = network.parameter(at: 0).storage
        #expect(w[0] != 0.25)
        #expect(w.allSatisfy { $0.bitPattern == w[0].bitPattern }, "\(w)")
    }

    /// Subnormal gradients and moments count as zero (x86's flush-to-zero, for the update only):
    /// a weight at 0 with a subnormal gradient stays exactly 0, its moments stay 0, and
    /// arithmetic after the step still produces subnormals.
    @Test("subnormal gradients count as zero, and only inside the update")
    func subnormalsFlushedInsideOnly() {
        var rng = SeededGenerator(seed: 6)
        var network = Sequential(layers: [Dense(inputSize: 20, outputSize: 1, using: &rng)])
        network.withParameter(at: 0) { w, g in
            w.fill(0)
            g.fill(Float.leastNormalMagnitude / 4)
        }
        network.withParameter(at: 1) { _, g in g.fill(0) }
        var adam = Adam(learningRate: 0.01)
        adam.step(&network)
        #if arch(x86_64)
        #expect(network.parameter(at: 0).storage.allSatisfy { $0 == 0 })
        #expect(adam.state["m.0"]!.storage.allSatisfy { $0 == 0 })
        #endif
        // The caller's floating-point mode is back as it was.
        let half = Float.leastNormalMagnitude * opaqueHalf()
        #expect(half != 0 && half.isSubnormal)
    }

    /// 0.5, out of the optimizer's sight, so the product is computed at run time.
    @inline(never) private func opaqueHalf() -> Float { Float(1) / Float(2) }

    private func pow10(_ x: Double) -> Double { pow(10, x) }
}

#if canImport(Glibc)
import Glibc
#endif
