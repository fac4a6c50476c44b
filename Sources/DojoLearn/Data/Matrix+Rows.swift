import DojoNN

extension Matrix {
    /// The rows at `indices`, in that order, as a new matrix.
    public func gatherRows(_ indices: some Collection<Int>) -> Matrix {
        var out = Matrix(rows: indices.count, cols: cols)
        gatherRows(indices, into: &out)
        return out
    }

    /// Copies the rows at `indices` into `out`, reshaping it to indices.count x cols. `out` keeps
    /// its capacity, so a mini-batch buffer reused across steps does not allocate.
    public func gatherRows(_ indices: some Collection<Int>, into out: inout Matrix) {
        out.reshape(rows: indices.count, cols: cols)
        let width = cols
        storage.withUnsafeBufferPointer { source in
            out.storage.withUnsafeMutableBufferPointer { target in
                var t = 0
                for r in indices {
                    precondition(r >= 0 && r < rows, "gatherRows: row \(r) outside \(rows) rows")
                    let s = r * width
                    for c in 0..<width { target[t + c] = source[s + c] }
                    t += width
                }
            }
        }
    }
}
