// The only place in Dojo that talks to BLAS.
//
// Convention: every Matrix is row-major, so each call passes CblasRowMajor with the leading
// dimension equal to the number of columns *as stored*. A transposed operand is a flag to sgemm,
// never a copy. Dimensions are checked before each call, so a wrong shape traps with a message
// naming both operands instead of reading out of bounds inside OpenBLAS.
internal import CBLAS
internal import CKernels

extension Matrix {
    /// `c = alpha * op(a) * op(b) + beta * c`, where op(x) is x or its transpose.
    ///
    /// `c` must already have the result's shape (op(a).rows x op(b).cols); with `beta == 0` its
    /// old contents are ignored. Goes to `cblas_sgemm`.
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false,
        into c: inout Matrix, alpha: Float = 1, beta: Float = 0
    ) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "gemm: op(a) is \(m)x\(k) but op(b) is \(kb)x\(n)")
        precondition(c.rows == m && c.cols == n,
                     "gemm: result should be \(m)x\(n) but c is \(c.rows)x\(c.cols)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            c.scale(by: beta)
            return
        }
        let lda = max(1, a.cols), ldb = max(1, b.cols), ldc = max(1, c.cols)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(CblasRowMajor,
                                transposeA ? CblasTrans : CblasNoTrans,
                                transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k),
                                alpha, pa.baseAddress, Int32(lda),
                                pb.baseAddress, Int32(ldb),
                                beta, pc.baseAddress, Int32(ldc))
                }
            }
        }
    }

    /// `cblas_sgemm` on row-major blocks given by pointer and row stride (parts of matrices, as
    /// PairedMLP's halves): c (m x n) = alpha * op(a) * op(b) + beta * c, with op(a) m x k and
    /// op(b) k x n. The row strides are checked against the block widths; that the blocks lie
    /// inside their buffers is the caller's to ensure.
    ///
    /// With an untransposed b of 16 columns or more, alpha 1 and beta 0 or 1, on a CPU with AVX-512, this goes to
    /// `dojo_gemm` instead (Sources/CKernels/gemm.c). At these blocks' sizes (64-256 rows and
    /// columns) sgemm spends a tenth of its time copying both operands into its blocked layout;
    /// the kernel reads them in place. Measured on the CartPole network's products (AMD EPYC
    /// Zen 4, one thread): 108-112 GFLOP/s against OpenBLAS's 95-97.
    static func gemm(m: Int, n: Int, k: Int,
                     _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
                     _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
                     into c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float = 1, beta: Float = 0) {
        guard m > 0, n > 0, k > 0 else { return }
        precondition(lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n) && ldc >= n,
                     "gemm: row strides \(lda), \(ldb), \(ldc) too small for a \(m)x\(k) by \(k)x\(n) product")
        if ownKernel, !transposeB, n >= 16, alpha == 1, beta == 0 || beta == 1 {
            dojo_gemm(m, n, k, a, transposeA ? 1 : lda, transposeA ? lda : 1, b, ldb, c, ldc, beta == 1 ? 1 : 0)
            return
        }
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The pointer form of `gemm` (b untransposed, c = op(a) b) with a start and an end around the
    /// product: each element starts from `rowBias[i]` or `columnBias[j]` (else 0), and ends with
    /// ReLU when `relu`, and is zeroed where `gate` (m x n, row stride `ldgate`) is <= 0: a ReLU's
    /// backward pass gated by that ReLU's output. In one pass of Dojo's kernel when it runs;
    /// otherwise bias, sgemm, ReLU and gate in turn.
    static func fusedGemm(m: Int, n: Int, k: Int,
                          _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
                          _ b: UnsafePointer<Float>, ldb: Int,
                          into c: UnsafeMutablePointer<Float>, ldc: Int,
                          rowBias: UnsafePointer<Float>? = nil, columnBias: UnsafePointer<Float>? = nil,
                          relu: Bool = false, gate: UnsafePointer<Float>? = nil, ldgate: Int = 0) {
        guard m > 0, n > 0, k > 0 else { return }
        precondition(rowBias == nil || columnBias == nil, "fusedGemm: a row bias or a column bias, not both")
        precondition(lda >= (transposeA ? m : k) && ldb >= n && ldc >= n && (gate == nil || ldgate >= n),
                     "fusedGemm: row strides \(lda), \(ldb), \(ldc) too small for a \(m)x\(k) by \(k)x\(n) product")
        if ownKernel, n >= 16 {
            var epilogue = dojo_gemm_epilogue(row_bias: rowBias, column_bias: columnBias, relu: relu ? 1 : 0,
                                              gate: gate, ldgate: ldgate)
            dojo_gemm_fused(m, n, k, a, transposeA ? 1 : lda, transposeA ? lda : 1, b, ldb, c, ldc, &epilogue)
            return
        }
        for i in 0..<m {
            let row = c + i * ldc
            if let rowBias { row.update(repeating: rowBias[i], count: n) }
            if let columnBias { row.update(from: columnBias, count: n) }
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb),
                    rowBias == nil && columnBias == nil ? 0 : 1, c, Int32(ldc))
        for i in 0..<m {
            let row = c + i * ldc
            if relu { VectorKernels.relu(row, row, n) }
            if let gate { VectorKernels.reluBackward(gate + i * ldgate, row, row, n) }
        }
    }

    /// `fusedGemm` over some rows and some of the k index only (`dojo_gemm_sparse`, Dojo's kernel
    /// only: call it when `ownKernel`): row i = rows[r] of c, for r < m (all m rows when `rows` is
    /// nil), gets the epilogue of the sum over p in `ks` (0..<k when nil), in order, of a(i, p) b(p, j).
    /// Rows not listed are left as they are. For ReLU-sparse products: leaving out a p where b's row
    /// or a's column is zero, or a row the gate zeroes, changes no sum (but the sign of a zero).
    static func sparseGemm(m: Int, rows: UnsafePointer<Int32>?, n: Int, k: Int, ks: UnsafePointer<Int32>?,
                           _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
                           _ b: UnsafePointer<Float>, ldb: Int,
                           into c: UnsafeMutablePointer<Float>, ldc: Int,
                           rowBias: UnsafePointer<Float>? = nil, relu: Bool = false,
                           gate: UnsafePointer<Float>? = nil, ldgate: Int = 0) {
        precondition(ownKernel, "sparseGemm: needs Dojo's kernel (AVX-512)")
        guard m > 0, n > 0 else { return }
        var epilogue = dojo_gemm_epilogue(row_bias: rowBias, column_bias: nil, relu: relu ? 1 : 0,
                                          gate: gate, ldgate: ldgate)
        dojo_gemm_sparse(m, rows, n, k, ks, a, transposeA ? 1 : lda, transposeA ? lda : 1, b, ldb, c, ldc, 0, &epilogue)
    }

    /// Whether the pointer form of `gemm` may use `dojo_gemm` (the CPU has AVX-512).
    static let ownKernel = dojo_gemm_available() == 1

    /// Σ x² over `count` floats (`cblas_sdot`), as a Double.
    static func sumOfSquares(_ x: UnsafePointer<Float>, _ count: Int) -> Double {
        count > 0 ? Double(cblas_sdot(Int32(count), x, 1, x, 1)) : 0
    }

    /// The product `self * other` as a new matrix (convenience; hot paths use `gemm(into:)`).
    public func matmul(_ other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        var c = Matrix(rows: transposeSelf ? cols : rows, cols: transposeOther ? other.rows : other.cols)
        Matrix.gemm(self, transposeA: transposeSelf, other, transposeB: transposeOther, into: &c)
        return c
    }

    /// Multiplies every element by `factor` in place (`cblas_sscal`).
    public mutating func scale(by factor: Float) {
        let n = count
        guard n > 0 else { return }
        storage.withUnsafeMutableBufferPointer { buffer in
            cblas_sscal(Int32(n), factor, buffer.baseAddress, 1)
        }
    }

    /// Σ a_i b_i over all elements of two matrices of the same shape (`cblas_sdot`, accumulated
    /// in Float by OpenBLAS's vector kernel).
    public static func dot(_ a: Matrix, _ b: Matrix) -> Float {
        precondition(a.rows == b.rows && a.cols == b.cols,
                     "dot: a is \(a.rows)x\(a.cols) but b is \(b.rows)x\(b.cols)")
        let n = a.count
        guard n > 0 else { return 0 }
        return a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in cblas_sdot(Int32(n), pa.baseAddress, 1, pb.baseAddress, 1) }
        }
    }
}

/// Facts about the loaded BLAS library.
public enum BLAS {
    /// The name of the compute kernel OpenBLAS chose when it loaded (for example "SkylakeX",
    /// "Haswell", "Prescott"). Fixed for the life of the process.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The number of threads OpenBLAS uses for one call.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses for one call (1 is fastest for the small
    /// matrices of reinforcement learning).
    public static func setThreadCount(_ n: Int) {
        precondition(n >= 1, "BLAS.setThreadCount: need at least 1 thread, got \(n)")
        openblas_set_num_threads(Int32(n))
    }
}
