import DojoNN
import DojoRandom
import Testing
import TestSupport

@Suite("sgemm through OpenBLAS")
struct GEMMTests {
    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (3, 5, 2), (17, 31, 9), (64, 64, 64), (130, 70, 257)]

    @Test("matches the naive reference for every transpose combination", arguments: [false, true], [false, true])
    func matchesReference(transposeA: Bool, transposeB: Bool) {
        var rng = SeededGenerator(seed: 7)
        for (m, k, n) in Self.shapes {
            let a = randomMatrix(transposeA ? k : m, transposeA ? m : k, &rng)
            let b = randomMatrix(transposeB ? n : k, transposeB ? k : n, &rng)
            var c = Matrix(rows: m, cols: n)
            Matrix.gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
            let expected = referenceMatmul(a, transposeA: transposeA, b, transposeB: transposeB)
            #expect(maxAbsDifference(c, expected) < 1e-4 * Float(k), "\(m)x\(k)x\(n) tA=\(transposeA) tB=\(transposeB)")
        }
    }

    @Test("alpha and beta scale and accumulate")
    func alphaBeta() {
        let a = Matrix([[1, 2], [3, 4]])
        let b = Matrix([[5, 6], [7, 8]])
        var c = Matrix([[1, 1], [1, 1]])
        Matrix.gemm(a, b, into: &c, alpha: 2, beta: 3)
        #expect(c == Matrix([[41, 47], [89, 103]]))
    }

    func randomMatrix(_ rows: Int, _ cols: Int, _ rng: inout SeededGenerator) -> Matrix {
        Matrix(rows: rows, cols: cols, (0..<(rows * cols)).map { _ in rng.nextUnitFloat() * 2 - 1 })
    }
}

@Suite("Seeded generator")
struct SeededGeneratorTests {
    @Test("same seed, same stream; different seed, different stream")
    func determinism() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
    }

    @Test("state round-trips")
    func stateRoundTrip() {
        var a = SeededGenerator(seed: 1)
        _ = a.next()
        var b = SeededGenerator(state: a.stateWords)
        #expect(a.next() == b.next())
    }

    @Test("unit floats lie in [0, 1) and average one half")
    func unitFloats() {
        var rng = SeededGenerator(seed: 3)
        let xs = (0..<10_000).map { _ in rng.nextUnitFloat() }
        #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = xs.reduce(0, +) / Float(xs.count)
        #expect(abs(mean - 0.5) < 0.01)
    }
}
