extension Matrix {
    /// Makes `self` an element-for-element copy of `source` (shape included), reusing this
    /// matrix's storage: no allocation once the capacity has been reached.
    public mutating func copy(from source: Matrix) {
        reshape(rows: source.rows, cols: source.cols)
        source.storage.withUnsafeBufferPointer { src in
            storage.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                d.update(from: s, count: src.count)
            }
        }
    }

    /// `self += factor * other`, elementwise; shapes must match.
    public mutating func add(_ other: Matrix, scaledBy factor: Float = 1) {
        precondition(rows == other.rows && cols == other.cols,
                     "Matrix.add: \(rows)x\(cols) += \(other.rows)x\(other.cols)")
        other.storage.withUnsafeBufferPointer { o in
            storage.withUnsafeMutableBufferPointer { s in
                for i in s.indices { s[i] += factor * o[i] }
            }
        }
    }

    /// The sum of squared elements (a BLAS dot product, accumulated in Float).
    public var sumOfSquares: Double {
        Double(Matrix.dot(self, self))
    }

    /// The sum of all elements, accumulated in Double.
    public var sum: Double {
        storage.withUnsafeBufferPointer { s in
            var total = 0.0
            for x in s { total += Double(x) }
            return total
        }
    }

    /// Row sums as a rows x 1 matrix (convenience; not for hot paths).
    public func rowSums() -> Matrix {
        var out = Matrix(rows: rows, cols: 1)
        for r in 0..<rows {
            var total: Float = 0
            for c in 0..<cols { total += storage[r * cols + c] }
            out.storage[r] = total
        }
        return out
    }

    /// Column sums as a 1 x cols matrix (convenience; not for hot paths).
    public func columnSums() -> Matrix {
        var out = Matrix(rows: 1, cols: cols)
        for r in 0..<rows {
            for c in 0..<cols { out.storage[c] += storage[r * cols + c] }
        }
        return out
    }

    /// The index of the largest element of row `r` (first one on ties), e.g. the greedy action.
    public func argmax(row r: Int) -> Int {
        precondition(r >= 0 && r < rows && cols > 0, "Matrix.argmax: row \(r) of \(rows)x\(cols)")
        var best = 0
        var bestValue = storage[r * cols]
        for c in 1..<max(cols, 1) where storage[r * cols + c] > bestValue {
            best = c
            bestValue = storage[r * cols + c]
        }
        return best
    }
}
