import DojoRandom
import Testing
@testable import DojoRL

@Suite("Spaces")
struct SpaceTests {
    @Test("Discrete contains exactly start..<start+n and samples every element uniformly")
    func discrete() {
        let space = Discrete(3, start: -1)
        #expect(space.contains(-1) && space.contains(1))
        #expect(!space.contains(-2) && !space.contains(2))
        var generator = SeededGenerator(seed: 1)
        var counts = [Int: Int]()
        for _ in 0..<30_000 { counts[space.sample(using: &generator), default: 0] += 1 }
        #expect(counts.keys.sorted() == [-1, 0, 1])
        for (_, c) in counts { #expect(abs(c - 10_000) < 400) }
        #expect(space.description == "Discrete(3, start: -1)")
        #expect(Discrete(2).description == "Discrete(2)")
    }

    @Test("Discrete encodes one-hot and maps indices both ways")
    func discreteEncoding() {
        let space = Discrete(4, start: 10)
        var features = [Float](repeating: 7, count: 4)
        features.withUnsafeMutableBufferPointer { space.encode(12, into: $0) }
        #expect(features == [0, 0, 1, 0])
        #expect(space.featureCount == 4 && space.discreteCount == 4)
        #expect(space.element(atIndex: 3) == 13)
        #expect(space.index(of: 11) == 1)
    }

    @Test("Box checks bounds and finiteness")
    func boxContains() {
        let space = Box(low: SIMD2<Float>(-1, -.infinity), high: SIMD2<Float>(1, .infinity))
        #expect(space.contains(SIMD2(0.5, 1e30)))
        #expect(!space.contains(SIMD2(1.5, 0)))
        #expect(!space.contains(SIMD2(0, .infinity)))
        #expect(!space.contains(SIMD2(.nan, 0)))
        let array = Box(count: 3, low: 0, high: 1)
        #expect(!array.contains([0.5, 0.5]))
        #expect(array.contains([0, 0.5, 1]))
    }

    @Test("Box samples uniformly where bounded, exponentially where half-bounded, normally where unbounded")
    func boxSample() {
        let space = Box(low: SIMD4<Float>(2, 0, -.infinity, -.infinity), high: SIMD4<Float>(4, .infinity, 0, .infinity))
        var generator = SeededGenerator(seed: 3)
        let n = 40_000
        var sums = SIMD4<Double>.zero, squares = SIMD4<Double>.zero
        var outside = 0
        for _ in 0..<n {
            let x = space.sample(using: &generator)
            if !(x[0] >= 2 && x[0] <= 4 && x[1] >= 0 && x[2] <= 0) { outside += 1 }
            let d = SIMD4<Double>(x)
            sums += d
            squares += d * d
        }
        #expect(outside == 0)
        let mean = sums / Double(n)
        let variance = squares / Double(n) - mean * mean
        // Uniform[2,4]: mean 3, var 1/3; 0 + Exp(1): mean 1, var 1; 0 - Exp(1): mean -1; N(0,1): mean 0, var 1.
        #expect(abs(mean[0] - 3) < 0.02 && abs(variance[0] - 1.0 / 3) < 0.02)
        #expect(abs(mean[1] - 1) < 0.03 && abs(variance[1] - 1) < 0.06)
        #expect(abs(mean[2] + 1) < 0.03)
        #expect(abs(mean[3]) < 0.03 && abs(variance[3] - 1) < 0.05)
    }

    @Test("Box describes itself compactly")
    func boxDescription() {
        #expect(Box(count: 4, low: -1, high: 1).description == "Box(4, [-1.0, 1.0])")
        let mixed = Box(low: SIMD2<Float>(-4.8, -.infinity), high: SIMD2<Float>(4.8, .infinity))
        #expect(mixed.description == "Box(2, low: [-4.8, -inf], high: [4.8, inf])")
    }
}
