import DojoRandom

/// The Dueling DQN head (Wang et al., 2016, eq. 9): takes rows [V | A_1 ... A_n] (batch x (1 + n))
/// and outputs Q_j = V + A_j - (1/n) Σ_k A_k (batch x n). No parameters.
///
/// Backward, with g = dL/dQ: dL/dV = Σ_j g_j and dL/dA_k = g_k - (1/n) Σ_j g_j.
public struct DuelingAggregation: Layer {
    public let actions: Int
    public private(set) var output = Matrix(rows: 0, cols: 0)
    public private(set) var inputGradient = Matrix(rows: 0, cols: 0)

    public init(actions: Int) {
        precondition(actions > 0, "DuelingAggregation: need at least one action, got \(actions)")
        self.actions = actions
    }

    public var inputSize: Int? { actions + 1 }
    public func outputSize(forInputSize inputSize: Int) -> Int { actions }

    public mutating func forward(_ input: Matrix, training: Bool, using rng: inout SeededGenerator) {
        precondition(input.cols == actions + 1,
                     "DuelingAggregation: input has \(input.cols) columns, expected 1 + \(actions)")
        let n = actions, width = n + 1, batch = input.rows
        output.reshape(rows: batch, cols: n)
        let invN = 1 / Float(n)
        input.storage.withUnsafeBufferPointer { xs in
            output.storage.withUnsafeMutableBufferPointer { ys in
                for r in 0..<batch {
                    let row = r * width
                    var total: Float = 0
                    for j in 1...n { total += xs[row + j] }
                    let base = xs[row] - total * invN
                    for j in 0..<n { ys[r * n + j] = base + xs[row + 1 + j] }
                }
            }
        }
    }

    public mutating func backward(_ outputGradient: Matrix, input: Matrix) {
        precondition(outputGradient.cols == actions && outputGradient.rows == input.rows,
                     "DuelingAggregation.backward: gradient is \(outputGradient.rows)x\(outputGradient.cols), expected \(input.rows)x\(actions)")
        let n = actions, width = n + 1, batch = input.rows
        inputGradient.reshape(rows: batch, cols: width)
        let invN = 1 / Float(n)
        outputGradient.storage.withUnsafeBufferPointer { gy in
            inputGradient.storage.withUnsafeMutableBufferPointer { gx in
                for r in 0..<batch {
                    var total: Float = 0
                    for j in 0..<n { total += gy[r * n + j] }
                    gx[r * width] = total
                    let shift = total * invN
                    for j in 0..<n { gx[r * width + 1 + j] = gy[r * n + j] - shift }
                }
            }
        }
    }

    public var architectureToken: String { "dueling:\(actions)" }

    /// The forward pass on one input held with stride `stride` ([V | A] at x[0], x[stride], ...),
    /// Q_j into y[j * yStride]: the same operations as `forward`, for the inference copies
    /// (`TransposedInference`, `SingleInference`), whose inputs lie down columns.
    static func aggregate(_ x: UnsafePointer<Float>, stride: Int, actions n: Int,
                          into y: UnsafeMutablePointer<Float>, yStride: Int) {
        let invN = 1 / Float(n)
        var total: Float = 0
        for j in 1...n { total += x[j * stride] }
        let base = x[0] - total * invN
        for j in 0..<n { y[j * yStride] = base + x[(1 + j) * stride] }
    }
}
