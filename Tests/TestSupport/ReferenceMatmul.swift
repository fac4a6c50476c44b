import DojoNN

/// The product op(a) * op(b) by the textbook triple loop in Double: the oracle sgemm is checked against.
public func referenceMatmul(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false) -> Matrix {
    Matrix.referenceProduct(a, transposeA: transposeA, b, transposeB: transposeB)
}

/// The largest absolute difference between two matrices of the same shape.
public func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Float {
    precondition(a.rows == b.rows && a.cols == b.cols, "maxAbsDifference: shapes differ")
    var worst: Float = 0
    for i in 0..<a.count { worst = max(worst, abs(a.storage[i] - b.storage[i])) }
    return worst
}
