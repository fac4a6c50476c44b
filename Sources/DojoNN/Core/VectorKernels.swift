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

    /// One Adam update without penalties: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²;
    /// w -= step * m / (sqrt(v * c2) + eps).
    static func adam(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                     _ v: UnsafeMutablePointer<Float>, _ n: Int,
                     b1: Float, b2: Float, step: Float, c2: Float, eps: Float) {
        let b1c = 1 - b1, b2c = 1 - b2
        var i = 0
        while i + 16 <= n {
            let gi = load(g, i)
            let mi = b1 * load(m, i) + b1c * gi
            let vi = b2 * load(v, i) + b2c * gi * gi
            store(mi, m, i)
            store(vi, v, i)
            store(load(w, i) - step * mi / ((vi * c2).squareRoot() + eps), w, i)
            i += 16
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
}
