@testable import DojoNN
import DojoRandom
import Testing
import TestSupport

/// The pointer form of `Matrix.gemm` and `Matrix.fusedGemm`, which PairedMLP uses: Dojo's own
/// kernel on CPUs with AVX-512 (this machine's; `Matrix.ownKernel`), sgemm elsewhere. Shapes cover
/// the kernel's edges: fewer than 8 rows left, a column block narrower than 32 or than 16, fewer
/// than 16 columns (always sgemm), and the CartPole network's own products.
@Suite("Products on raw blocks (Dojo's kernel)")
struct GemmKernelTests {
    static let shapes: [(m: Int, n: Int, k: Int)] = [(1, 16, 1), (7, 17, 5), (9, 33, 3), (33, 65, 17), (8, 32, 64),
                                                     (64, 256, 4), (100, 130, 70), (128, 64, 256), (5, 4, 9)]

    /// a (m x k, or k x m stored when transposed) and b (k x n) with row strides wider than the
    /// blocks, so strides and widths cannot be confused.
    struct Operands {
        let a: Matrix, b: Matrix, lda: Int, ldb: Int
        init(m: Int, n: Int, k: Int, transposeA: Bool, rng: inout SeededGenerator) {
            lda = (transposeA ? m : k) + 3
            ldb = n + 5
            a = randomMatrix(transposeA ? k : m, lda, using: &rng)
            b = randomMatrix(k, ldb, using: &rng)
        }
        /// op(a) b from the stored blocks, in Double.
        func reference(m: Int, n: Int, k: Int, transposeA: Bool) -> [Double] {
            var c = [Double](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    for p in 0..<k {
                        let x = transposeA ? a.storage[p * lda + i] : a.storage[i * lda + p]
                        c[i * n + j] += Double(x) * Double(b.storage[p * ldb + j])
                    }
                }
            }
            return c
        }
    }

    @Test("c = op(a) b and c += op(a) b match a Double reference", arguments: [false, true])
    func matchesReference(transposeA: Bool) {
        var rng = SeededGenerator(seed: 21)
        for (m, n, k) in Self.shapes {
            let o = Operands(m: m, n: n, k: k, transposeA: transposeA, rng: &rng)
            let expected = o.reference(m: m, n: n, k: k, transposeA: transposeA)
            let start = (0..<(m * n)).map { _ in rng.nextUnitFloat() }
            for beta: Float in [0, 1] {
                var c = start
                o.a.storage.withUnsafeBufferPointer { a in
                    o.b.storage.withUnsafeBufferPointer { b in
                        Matrix.gemm(m: m, n: n, k: k, a.baseAddress!, lda: o.lda, transposeA: transposeA,
                                    b.baseAddress!, ldb: o.ldb, into: &c, ldc: n, beta: beta)
                    }
                }
                let worst = (0..<(m * n)).map { abs(Double(c[$0]) - expected[$0] - Double(beta * start[$0])) }.max()!
                #expect(worst < 1e-5 * Double(k), "\(m)x\(n)x\(k) transposeA \(transposeA) beta \(beta): off by \(worst)")
            }
        }
    }

    @Test("a row or column bias to start from, ReLU or a gate to finish with", arguments: [false, true])
    func fusedEpilogues(transposeA: Bool) {
        var rng = SeededGenerator(seed: 22)
        for (m, n, k) in Self.shapes {
            let o = Operands(m: m, n: n, k: k, transposeA: transposeA, rng: &rng)
            let product = o.reference(m: m, n: n, k: k, transposeA: transposeA)
            let rowBias = (0..<m).map { _ in rng.nextUnitFloat() - 0.5 }
            let columnBias = (0..<n).map { _ in rng.nextUnitFloat() - 0.5 }
            // A gate with zeros, negatives and positives (the ReLU output it stands for is >= 0).
            let gate = (0..<(m * n)).map { i in i % 3 == 0 ? 0 : rng.nextUnitFloat() - 0.3 }
            func run(_ call: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
                var c = [Float](repeating: .nan, count: m * n)
                o.a.storage.withUnsafeBufferPointer { a in
                    o.b.storage.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { call(a.baseAddress!, b.baseAddress!, $0.baseAddress!) }
                    }
                }
                return c
            }
            let (lda, ldb) = (o.lda, o.ldb)
            let withRowBias = run { a, b, c in
                Matrix.fusedGemm(m: m, n: n, k: k, a, lda: lda, transposeA: transposeA, b, ldb: ldb, into: c, ldc: n,
                                 rowBias: rowBias, relu: true)
            }
            let withColumnBias = run { a, b, c in
                Matrix.fusedGemm(m: m, n: n, k: k, a, lda: lda, transposeA: transposeA, b, ldb: ldb, into: c, ldc: n,
                                 columnBias: columnBias)
            }
            let gated = run { a, b, c in
                Matrix.fusedGemm(m: m, n: n, k: k, a, lda: lda, transposeA: transposeA, b, ldb: ldb, into: c, ldc: n,
                                 gate: gate, ldgate: n)
            }
            let tolerance = 1e-5 * Double(k + 1)
            for i in 0..<m {
                for j in 0..<n {
                    let at = i * n + j
                    #expect(abs(Double(withRowBias[at]) - max(0, product[at] + Double(rowBias[i]))) < tolerance)
                    #expect(abs(Double(withColumnBias[at]) - (product[at] + Double(columnBias[j]))) < tolerance)
                    let open = gate[at] > 0
                    #expect(open ? abs(Double(gated[at]) - product[at]) < tolerance : gated[at] == 0,
                            "\(m)x\(n)x\(k) gate at (\(i), \(j))")
                }
            }
        }
    }
}
