// The only LAPACK call in Dojo: LAPACK's dsyev (all eigenvalues and eigenvectors of a real
// symmetric matrix). LAPACK is column-major; a symmetric matrix is its own transpose, so a
// row-major buffer passes unchanged, and the eigenvectors come back as the *columns* of a
// column-major array, i.e. the rows of the buffer as Swift reads it.
internal import CBLAS

/// Eigen-decomposition of a symmetric matrix.
struct SymmetricEigen {
    /// Ascending eigenvalues.
    var values: [Double]
    /// `vectors[i]` is the unit eigenvector of `values[i]`.
    var vectors: [[Double]]

    /// Decomposes the n x n symmetric `matrix` (row-major, n*n values). Nil if LAPACK reports
    /// that the iteration did not converge.
    init?(symmetric matrix: [Double], n: Int) {
        precondition(n >= 1 && matrix.count == n * n, "SymmetricEigen: \(matrix.count) values for \(n)x\(n)")
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        var info: Int32 = 0
        var order = Int32(n), lda = Int32(n)
        let jobz: CChar = 0x56, uplo: CChar = 0x55  // "V" (vectors too), "U" (upper triangle)
        var jobzArg = jobz, uploArg = uplo
        // Ask for the optimal workspace size first (lwork = -1), then decompose.
        var query = [Double](repeating: 0, count: 1)
        var lwork: Int32 = -1
        dsyev_(&jobzArg, &uploArg, &order, &a, &lda, &w, &query, &lwork, &info, 1, 1)
        guard info == 0 else { return nil }
        lwork = Int32(max(Double(3 * n), query[0]))
        var work = [Double](repeating: 0, count: Int(lwork))
        dsyev_(&jobzArg, &uploArg, &order, &a, &lda, &w, &work, &lwork, &info, 1, 1)
        guard info == 0 else { return nil }
        values = w
        vectors = (0..<n).map { Array(a[($0 * n)..<(($0 + 1) * n)]) }
    }
}
