/// Hot elementwise loops written over SIMD16<Float> so they vectorize whatever the optimizer
/// decides about aliasing (the scalar versions were measured running one lane at a time).
/// Each handles the tail (n % 16) with a scalar loop.
enum VectorKernels {
    typealias V = SIMD16<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> V {
        UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self)
    }

    /// y = max(x, 0).
    static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let zero = V(repeating: 0)
        while i + 16 <= n { store(load(x, i).replacing(with: zero, where: load(x, i) .< zero), y, i); i += 16 }
        while i < n { y[i] = max(x[i], 0); i += 1 }
    }

    /// gx = x > 0 ? gy : 0.
    static func reluBackward(_ x: UnsafePointer<Float>, _ gy: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let zero = V(repeating: 0)
        while i + 16 <= n { store(load(gy, i).replacing(with: zero, where: load(x, i) .<= zero), gx, i); i += 16 }
        while i < n { gx[i] = x[i] > 0 ? gy[i] : 0; i += 1 }
    }

    /// sums[j] = Σ_r x[r·cols + j]: the column sums of a row-major rows x cols block (a Dense
    /// layer's bias gradient), a row at a time in SIMD16 so the inner loop vectorises.
    static func columnSums(_ x: UnsafePointer<Float>, rows: Int, cols: Int, into sums: UnsafeMutablePointer<Float>) {
        sums.update(repeating: 0, count: cols)
        for r in 0..<rows {
            let row = x + r * cols
            var j = 0
            while j + 16 <= cols { store(load(UnsafePointer(sums), j) + load(row, j), sums, j); j += 16 }
            while j < cols { sums[j] += row[j]; j += 1 }
        }
    }

    /// One Adam update without penalties: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²;
    /// w -= step * m / (sqrt(v * c2) + eps).
    ///
    /// The square root is `x · rsqrt(x)` with rsqrt from the bit-level initial guess and three
    /// Newton steps (relative error below 1e-7, i.e. float rounding): Swift lowers
    /// `Float.squareRoot()` to a libm call and SIMD's `squareRoot()` to one lane at a time, and
    /// either stops the loop from vectorising (profiled: Adam took 26% of a CartPole DQN run).
    static func adam(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                     _ v: UnsafeMutablePointer<Float>, _ n: Int,
                     b1: Float, b2: Float, step: Float, c2: Float, eps: Float) {
        typealias W = SIMD8<Float>
        let b1c = 1 - b1, b2c = 1 - b2
        var i = 0
        while i + 8 <= n {
            let gi = UnsafeRawPointer(g + i).loadUnaligned(as: W.self)
            let mi = b1 * UnsafeRawPointer(m + i).loadUnaligned(as: W.self) + b1c * gi
            let vi = b2 * UnsafeRawPointer(v + i).loadUnaligned(as: W.self) + b2c * gi * gi
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: W.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: W.self)
            let wi = UnsafeRawPointer(w + i).loadUnaligned(as: W.self)
            UnsafeMutableRawPointer(w + i).storeBytes(of: wi - step * mi / (squareRoot(vi * c2) + eps), as: W.self)
            i += 8
        }
        while i < n {
            let gi = g[i]
            let mi = b1 * m[i] + b1c * gi
            let vi = b2 * v[i] + b2c * gi * gi
            m[i] = mi
            v[i] = vi
            w[i] -= step * mi / ((vi * c2).squareRoot() + eps)
            i += 1
        }
    }

    /// √x for x ≥ 0, lane by lane, in plain arithmetic so it vectorises (0 maps to 0).
    @inline(__always)
    static func squareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let tiny: Float = 1e-30
        let safe = x.replacing(with: tiny, where: x .< tiny)
        let bits = unsafeBitCast(safe, to: SIMD8<UInt32>.self)
        var y = unsafeBitCast(SIMD8<UInt32>(repeating: 0x5f37_5a86) &- (bits &>> 1), to: SIMD8<Float>.self)
        let half = 0.5 * safe
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        return (safe * y).replacing(with: 0, where: x .< tiny)
    }
}
