import DojoNN

/// Principal component analysis: the directions of largest variance of centred data.
///
/// The d x d covariance `C = X_c^T X_c / (n - 1)` of the centred data comes from one sgemm; its
/// eigenvectors (LAPACK dsyev, in Double) sorted by descending eigenvalue are the components.
/// Each component's sign is fixed so that its largest-magnitude entry is positive, so results do
/// not flip between runs or machines. `transform` projects centred rows onto the components.
public struct PCA: Codable, Equatable, Sendable {
    /// The feature means subtracted before projecting.
    public var means: [Float]
    /// components[i] is the i-th unit principal axis (length d).
    public var components: [[Float]]
    /// Variance of the data along each component (the covariance eigenvalues, descending).
    public var explainedVariance: [Double]
    /// Each component's share of the total variance.
    public var explainedVarianceRatio: [Double]

    /// Fits `dimensions` components (at most d) to the rows of `data` (at least two rows).
    public init(fitting data: Matrix, dimensions: Int) throws {
        let n = data.rows, d = data.cols
        precondition(dimensions >= 1 && dimensions <= d, "PCA: dimensions must be in 1...\(d), got \(dimensions)")
        precondition(n >= 2, "PCA: need at least two rows, got \(n)")
        var mean = [Double](repeating: 0, count: d)
        for r in 0..<n { for c in 0..<d { mean[c] += Double(data.storage[r * d + c]) } }
        mean = mean.map { $0 / Double(n) }
        var centred = data
        for r in 0..<n { for c in 0..<d { centred.storage[r * d + c] -= Float(mean[c]) } }
        var covariance = Matrix(rows: d, cols: d)
        Matrix.gemm(centred, transposeA: true, centred, into: &covariance, alpha: 1 / Float(n - 1))
        guard let eigen = SymmetricEigen(symmetric: covariance.storage.map { Double($0) }, n: d) else {
            throw PCAError.noConvergence
        }
        let total = eigen.values.reduce(0) { $0 + max(0, $1) }
        let order = Array((0..<d).reversed().prefix(dimensions))
        means = mean.map { Float($0) }
        components = order.map { i in
            var v = eigen.vectors[i]
            let largest = v.indices.max { abs(v[$0]) < abs(v[$1]) } ?? 0
            if v[largest] < 0 { v = v.map { -$0 } }
            return v.map { Float($0) }
        }
        explainedVariance = order.map { max(0, eigen.values[$0]) }
        explainedVarianceRatio = explainedVariance.map { total > 0 ? $0 / total : 0 }
    }

    /// Projects the rows of `data` (n x d) onto the components: n x dimensions.
    public func transform(_ data: Matrix) -> Matrix {
        precondition(data.cols == means.count, "PCA: fitted on \(means.count) features, given \(data.cols)")
        var centred = data
        let d = data.cols
        for r in 0..<data.rows { for c in 0..<d { centred.storage[r * d + c] -= means[c] } }
        let axes = Matrix(rows: components.count, cols: d, components.flatMap { $0 })
        var projected = Matrix(rows: data.rows, cols: components.count)
        Matrix.gemm(centred, axes, transposeB: true, into: &projected)
        return projected
    }
}

public enum PCAError: Error, CustomStringConvertible, Sendable {
    case noConvergence

    public var description: String {
        "PCA: the eigen-decomposition of the covariance did not converge"
    }
}
