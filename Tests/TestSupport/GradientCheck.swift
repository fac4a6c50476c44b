import DojoNN

/// Central finite differences: g_i ≈ (f(x + h e_i) - f(x - h e_i)) / 2h for every element of `x`.
/// `f` should accumulate in Double so that only the network's own Float rounding adds noise.
public func numericalGradient(at x: Matrix, step h: Float = 1e-2, _ f: (Matrix) -> Double) -> Matrix {
    var gradient = Matrix(rows: x.rows, cols: x.cols)
    var probe = x
    for i in 0..<x.count {
        let original = probe.storage[i]
        probe.storage[i] = original + h
        let up = f(probe)
        probe.storage[i] = original - h
        let down = f(probe)
        probe.storage[i] = original
        // The actual distance between the two probes, which differs from 2h by Float rounding.
        let distance = Double(original + h) - Double(original - h)
        gradient.storage[i] = Float((up - down) / distance)
    }
    return gradient
}

/// max_i |a_i - b_i| / max(max_i |b_i|, floor): the worst error relative to the gradient's scale.
/// A wrong sign gives about 2, a missing factor of 2 about 0.5; a correct gradient stays near 1e-3.
public func gradientError(_ analytic: Matrix, _ numeric: Matrix, floor: Float = 1e-3) -> Float {
    precondition(analytic.rows == numeric.rows && analytic.cols == numeric.cols,
                 "gradientError: analytic \(analytic.rows)x\(analytic.cols) vs numeric \(numeric.rows)x\(numeric.cols)")
    var scale = floor
    for v in numeric.storage { scale = max(scale, abs(v)) }
    return maxAbsDifference(analytic, numeric) / scale
}

/// Σ_ij weights_ij * m_ij in Double: a scalar "loss" whose gradient with respect to m is `weights`.
public func weightedSum(_ m: Matrix, _ weights: Matrix) -> Double {
    precondition(m.rows == weights.rows && m.cols == weights.cols, "weightedSum: shapes differ")
    var total = 0.0
    for i in 0..<m.count { total += Double(m.storage[i]) * Double(weights.storage[i]) }
    return total
}
