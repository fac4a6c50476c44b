import DojoNN
import DojoRandom

/// True when |a - b| <= absolute + relative * max(|a|, |b|).
public func isApproximatelyEqual(_ a: Float, _ b: Float, absolute: Float = 1e-6, relative: Float = 1e-5) -> Bool {
    abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

/// True when the shapes match and every element pair is approximately equal.
public func isApproximatelyEqual(_ a: Matrix, _ b: Matrix, absolute: Float = 1e-6, relative: Float = 1e-5) -> Bool {
    guard a.rows == b.rows && a.cols == b.cols else { return false }
    for i in 0..<a.count where !isApproximatelyEqual(a.storage[i], b.storage[i], absolute: absolute, relative: relative) {
        return false
    }
    return true
}

/// A rows x cols matrix of uniform values in [low, high).
public func randomMatrix(_ rows: Int, _ cols: Int, in range: ClosedRange<Float> = -1...1,
                         using rng: inout SeededGenerator) -> Matrix {
    Matrix(rows: rows, cols: cols, (0..<(rows * cols)).map { _ in
        range.lowerBound + rng.nextUnitFloat() * (range.upperBound - range.lowerBound)
    })
}
