import Foundation
import DojoNN
import DojoRandom
import Testing
import TestSupport

@Suite("Losses")
struct LossTests {
    static let losses: [Loss] = [.mse, .huber(delta: 0.5), .softmaxCrossEntropy, .binaryCrossEntropy, .klDivergence]

    /// Targets valid for the loss: probabilities for the softmax losses, [0, 1] for BCE.
    func target(for loss: Loss, _ rows: Int, _ cols: Int, _ rng: inout SeededGenerator) -> Matrix {
        switch loss {
        case .softmaxCrossEntropy, .klDivergence:
            var t = randomMatrix(rows, cols, in: 0.1...1, using: &rng)
            for r in 0..<rows {
                let s = t.row(r).reduce(0, +)
                for c in 0..<cols { t[r, c] /= s }
            }
            return t
        case .binaryCrossEntropy: return randomMatrix(rows, cols, in: 0...1, using: &rng)
        default: return randomMatrix(rows, cols, using: &rng)
        }
    }

    @Test("gradient matches finite differences of value", arguments: losses)
    func gradient(_ loss: Loss) {
        var rng = SeededGenerator(seed: 21)
        let p = randomMatrix(4, 5, in: -2...2, using: &rng)
        let t = target(for: loss, 4, 5, &rng)
        var g = Matrix(rows: 0, cols: 0)
        loss.gradient(p, t, into: &g)
        let numeric = numericalGradient(at: p, step: 1e-2) { Double(loss.value($0, t)) }
        #expect(gradientError(g, numeric) < 2e-2, "\(loss)")
    }

    @Test("hand-computed values")
    func values() {
        let p = Matrix([[1, 2], [3, 5]]), t = Matrix([[0, 2], [1, 1]])
        // MSE: rows sum (1 + 0) and (4 + 16), mean over 2 rows.
        #expect(isApproximatelyEqual(Loss.mse.value(p, t), 10.5))
        // Huber delta 1: 0.5, 0, (2 - 0.5), (4 - 0.5) -> sum 5.5, / 2.
        #expect(isApproximatelyEqual(Loss.huber(delta: 1).value(p, t), 2.75))
        // CE with one-hot: -log softmax([0, 0])_0 = log 2.
        let ce = Loss.softmaxCrossEntropy.value(Matrix([[0, 0]]), Matrix([[1, 0]]))
        #expect(isApproximatelyEqual(ce, Float(0.6931472)))
        // BCE of logit 0 is log 2 whatever the target.
        #expect(isApproximatelyEqual(Loss.binaryCrossEntropy.value(Matrix([[0]]), Matrix([[1]])), 0.6931472))
        // KL(t || t) = 0 when the logits are log t.
        let kl = Loss.klDivergence.value(Matrix([[logf(0.25), logf(0.75)]]), Matrix([[0.25, 0.75]]))
        #expect(abs(kl) < 1e-6)
    }

    @Test("stable on extreme logits")
    func stability() {
        let p = Matrix([[1000, -1000, 0]])
        let ce = Loss.softmaxCrossEntropy.value(p, Matrix([[0, 1, 0]]))
        #expect(ce.isFinite && isApproximatelyEqual(ce, 2000, relative: 1e-4))
        let bce = Loss.binaryCrossEntropy.value(Matrix([[-1000, 1000]]), Matrix([[1, 0]]))
        #expect(bce.isFinite && isApproximatelyEqual(bce, 2000, relative: 1e-4))  // 1000 per element, summed over the row
        var g = Matrix(rows: 0, cols: 0)
        Loss.softmaxCrossEntropy.gradient(p, Matrix([[0, 1, 0]]), into: &g)
        #expect(g.storage.allSatisfy { $0.isFinite })
        #expect(isApproximatelyEqual(g.storage[0], 1) && isApproximatelyEqual(g.storage[1], -1))
    }
}

