extension Matrix {
    /// op(a) · op(b) by the textbook triple loop, accumulated in Double: the oracle that sgemm
    /// (whatever kernel OpenBLAS chose) is checked against, by the tests and by
    /// `dojo bench nn --verify`. O(m·n·k) and slow on purpose; never on a hot path.
    public static func referenceProduct(_ a: Matrix, transposeA: Bool = false,
                                        _ b: Matrix, transposeB: Bool = false) -> Matrix {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "referenceProduct: op(a) is \(m)x\(k) but op(b) is \(kb)x\(n)")
        var c = Matrix(rows: m, cols: n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p, i] : a[i, p]
                    let y = transposeB ? b[j, p] : b[p, j]
                    sum += Double(x) * Double(y)
                }
                c[i, j] = Float(sum)
            }
        }
        return c
    }
}
