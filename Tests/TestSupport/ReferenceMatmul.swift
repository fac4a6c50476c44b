import DojoNN

/// The product op(a) * op(b) by the textbook triple loop in Double: the oracle sgemm is checked against.
public func referenceMatmul(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false) -> Matrix {
    let m = transposeA ? a.cols : a.rows
    let k = transposeA ? a.rows : a.cols
    let n = transposeB ? b.rows : b.cols
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

/// The largest absolute difference between two matrices of the same shape.
public func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Float {
    precondition(a.rows == b.rows && a.cols == b.cols, "maxAbsDifference: shapes differ")
    var worst: Float = 0
    for i in 0..<a.count { worst = max(worst, abs(a.storage[i] - b.storage[i])) }
    return worst
}
