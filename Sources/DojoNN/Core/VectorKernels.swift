internal import CKernels

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

    /// y += x.
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n { store(load(UnsafePointer(y), i) + load(x, i), y, i); i += 16 }
        while i < n { y[i] += x[i]; i += 1 }
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

    /// sums[r] = Σ_j x[r·cols + j]: the row sums of a row-major rows x cols block (a bias
    /// gradient when the batch runs along the rows' length).
    static func rowSums(_ x: UnsafePointer<Float>, rows: Int, cols: Int, into sums: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = x + r * cols
            var partial = V(repeating: 0)
            var j = 0
            while j + 16 <= cols { partial += load(row, j); j += 16 }
            var sum = partial.sum()
            while j < cols { sum += row[j]; j += 1 }
            sums[r] = sum
        }
    }

    /// y (cols x rows) = xᵀ for a row-major rows x cols block (small blocks: inputs, Q values).
    static func transpose(_ x: UnsafePointer<Float>, rows: Int, cols: Int, into y: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            for c in 0..<cols { y[c * rows + r] = x[r * cols + c] }
        }
    }

    /// One Adam update without penalties: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²;
    /// w -= step * m / (sqrt(v * c2) + eps). In C (`dojo_adam`), with AVX when the CPU has it:
    /// Swift builds for SSE2 and takes a vector square root one lane at a time. Subnormal values
    /// count as zero there (see CKernels.h).
    @inline(__always)
    static func adam(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                     _ v: UnsafeMutablePointer<Float>, _ n: Int,
                     b1: Float, b2: Float, step: Float, c2: Float, eps: Float) {
        dojo_adam(w, g, m, v, n, b1, b2, step, c2, eps)
    }

    /// `adam` over a rows x cols block whose rows with `hasGradient[r] == 0` have a zero gradient
    /// (their row of g is not read). The same bits as `adam` with those rows zero; where the first
    /// moment is zero too (a unit inactive for a while) it skips the square root and division.
    static func adamRows(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                         _ v: UnsafeMutablePointer<Float>, rows: Int, cols: Int, hasGradient: UnsafePointer<UInt8>,
                         b1: Float, b2: Float, step: Float, c2: Float, eps: Float) {
        dojo_adam_rows(w, g, m, v, rows, cols, hasGradient, b1, b2, step, c2, eps)
    }

    /// The indices of the rows of a rows x cols block (row stride `ld`) holding anything but zeros
    /// (NaN counts), in order, into `list`; returns how many.
    static func nonzeroRows(_ x: UnsafePointer<Float>, rows: Int, cols: Int, ld: Int,
                            into list: UnsafeMutablePointer<Int32>) -> Int {
        dojo_nonzero_rows(x, rows, cols, ld, list)
    }
}
