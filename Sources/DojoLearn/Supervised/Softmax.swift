import DojoNN

extension Matrix {
    /// Row-wise softmax `exp(x_j - max) / sum_k exp(x_k - max)`: logits to probabilities.
    public func softmaxRows() -> Matrix {
        var out = self
        let n = cols
        out.storage.withUnsafeMutableBufferPointer { values in
            for r in 0..<rows {
                let row = r * n
                var m = -Float.infinity
                for j in 0..<n { m = Swift.max(m, values[row + j]) }
                var sum: Float = 0
                for j in 0..<n {
                    let e = _exponential(values[row + j] - m)
                    values[row + j] = e
                    sum += e
                }
                for j in 0..<n { values[row + j] /= sum }
            }
        }
        return out
    }
}
