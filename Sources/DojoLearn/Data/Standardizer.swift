import DojoNN

/// Per-feature standardization `z = (x - mean) / std`, fitted on training data only and then
/// applied unchanged to validation, test and prediction data (so no test statistics leak in).
///
/// `std` is the population standard deviation (divide by n, as scikit-learn's StandardScaler).
/// A constant feature gets std 1, so it maps to 0 instead of dividing by zero.
public struct Standardizer: Codable, Equatable, Sendable {
    public var means: [Float]
    public var stds: [Float]

    public init(means: [Float], stds: [Float]) {
        precondition(means.count == stds.count, "Standardizer: \(means.count) means but \(stds.count) stds")
        self.means = means
        self.stds = stds
    }

    /// Fits means and standard deviations to the columns of `data` (accumulated in Double).
    public init(fitting data: Matrix) {
        precondition(data.rows > 0, "Standardizer: cannot fit on zero rows")
        let n = data.rows, d = data.cols
        var sum = [Double](repeating: 0, count: d)
        for r in 0..<n { for c in 0..<d { sum[c] += Double(data.storage[r * d + c]) } }
        let mean = sum.map { $0 / Double(n) }
        var squares = [Double](repeating: 0, count: d)
        for r in 0..<n {
            for c in 0..<d {
                let delta = Double(data.storage[r * d + c]) - mean[c]
                squares[c] += delta * delta
            }
        }
        means = mean.map { Float($0) }
        stds = squares.map { total in
            let std = (total / Double(n)).squareRoot()
            return std > 1e-12 ? Float(std) : 1
        }
    }

    /// `data` standardized column by column.
    public func transform(_ data: Matrix) -> Matrix {
        precondition(data.cols == means.count,
                     "Standardizer: fitted on \(means.count) features, given \(data.cols)")
        var out = data
        let d = data.cols
        let inverse = stds.map { 1 / $0 }
        out.storage.withUnsafeMutableBufferPointer { values in
            for r in 0..<data.rows {
                for c in 0..<d { values[r * d + c] = (values[r * d + c] - means[c]) * inverse[c] }
            }
        }
        return out
    }
}
