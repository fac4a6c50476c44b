import DojoRandom

/// Inverted dropout (Srivastava et al., 2014): in training, each element is zeroed with
/// probability `rate` and the survivors are scaled by 1 / (1 - rate), so evaluation (the identity)
/// needs no rescaling. The mask is drawn from the generator passed to `forward`.
public struct Dropout: Layer {
    public let rate: Float
    public private(set) var output = Matrix(rows: 0, cols: 0)
    public private(set) var inputGradient = Matrix(rows: 0, cols: 0)
    /// 0 or 1 / (1 - rate) per element from the last training forward; all ones in evaluation.
    private var mask = Matrix(rows: 0, cols: 0)

    public init(rate: Float) {
        precondition(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    public var inputSize: Int? { nil }
    public func outputSize(forInputSize inputSize: Int) -> Int { inputSize }
    public var isStochastic: Bool { rate > 0 }

    public mutating func forward(_ input: Matrix, training: Bool, using rng: inout SeededGenerator) {
        output.reshape(rows: input.rows, cols: input.cols)
        mask.reshape(rows: input.rows, cols: input.cols)
        let keep = 1 - rate
        let scale = 1 / keep
        let active = training && rate > 0
        input.storage.withUnsafeBufferPointer { xs in
            mask.storage.withUnsafeMutableBufferPointer { ms in
                output.storage.withUnsafeMutableBufferPointer { ys in
                    for i in 0..<xs.count {
                        let m: Float = active ? (rng.nextUnitFloat() < keep ? scale : 0) : 1
                        ms[i] = m
                        ys[i] = xs[i] * m
                    }
                }
            }
        }
    }

    public mutating func backward(_ outputGradient: Matrix, input: Matrix) {
        precondition(outputGradient.rows == mask.rows && outputGradient.cols == mask.cols,
                     "Dropout.backward: gradient is \(outputGradient.rows)x\(outputGradient.cols), expected \(mask.rows)x\(mask.cols)")
        inputGradient.reshape(rows: mask.rows, cols: mask.cols)
        outputGradient.storage.withUnsafeBufferPointer { gy in
            mask.storage.withUnsafeBufferPointer { ms in
                inputGradient.storage.withUnsafeMutableBufferPointer { gx in
                    for i in 0..<gy.count { gx[i] = gy[i] * ms[i] }
                }
            }
        }
    }

    public var architectureToken: String { "dropout:\(rate)" }
}
