#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam (Kingma and Ba, 2015): t += 1; m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²;
/// w -= lr * m̂ / (sqrt(v̂) + ε) with m̂ = m / (1-β1^t), v̂ = v / (1-β2^t).
public struct Adam: Optimizer {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var regularization: Regularization
    /// Number of steps taken (Adam's t), saved in `state` as "step".
    public private(set) var stepCount = 0
    var first = ParameterBuffers("m")
    var second = ParameterBuffers("v")

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                regularization: Regularization = .none) {
        precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
                     "Adam: betas must be in [0, 1), got \(beta1), \(beta2)")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.regularization = regularization
    }

    public mutating func step(_ network: inout Sequential) {
        adamStep(&network, decoupledDecay: 0)
    }

    /// One Adam step; with `decoupledDecay` > 0, first w -= lr * decay * w (AdamW).
    mutating func adamStep(_ network: inout Sequential, decoupledDecay: Float) {
        first.prepare(for: network)
        second.prepare(for: network)
        stepCount += 1
        let lr = learningRate, b1 = beta1, b2 = beta2, eps = epsilon, reg = regularization
        let constants = constants(atStep: stepCount)
        let c2 = constants.c2, step = constants.step
        let shrink = 1 - lr * decoupledDecay
        let b1c = 1 - b1, b2c = 1 - b2
        let plain = reg == .none && decoupledDecay == 0
        for k in 0..<network.parameterTensorCount {
            updateTensor(&network, k, &first, &second) { w, g, m, v in
                // Two copies of the loop so the common case carries no penalty arithmetic.
                if plain {
                    guard let pw = w.baseAddress, let pg = g.baseAddress, let pm = m.baseAddress,
                          let pv = v.baseAddress else { return }
                    VectorKernels.adam(pw, pg, pm, pv, w.count, b1: b1, b2: b2, step: step, c2: c2, eps: eps)
                } else {
                    for i in 0..<w.count {
                        let gi = reg.gradient(g[i], w[i])
                        let mi = b1 * m[i] + b1c * gi
                        let vi = b2 * v[i] + b2c * gi * gi
                        m[i] = mi
                        v[i] = vi
                        w[i] = w[i] * shrink - step * mi / ((vi * c2).squareRoot() + eps)
                    }
                }
            }
        }
    }

    /// Sets the step count and the moments, shaped like the network's parameters (for
    /// `PairedMLP`, which keeps them itself during a training phase).
    mutating func replaceState(step: Int, first m: [Matrix], second v: [Matrix]) {
        stepCount = step
        first.buffers = m
        second.buffers = v
    }

    /// The update's constants at step t (bias corrections folded in).
    func constants(atStep t: Int) -> AdamConstants {
        let c1 = Float(1 / (1 - pow(Double(beta1), Double(t))))
        let c2 = Float(1 / (1 - pow(Double(beta2), Double(t))))
        return AdamConstants(b1: beta1, b2: beta2, step: learningRate * c1, c2: c2, eps: epsilon)
    }

    public var state: [String: Matrix] {
        var s: [String: Matrix] = ["step": Matrix(rows: 1, cols: 1, [Float(stepCount)])]
        first.encode(into: &s)
        second.encode(into: &s)
        return s
    }

    public mutating func restore(state: [String: Matrix]) throws {
        let t = try decodeStep(state)
        try first.decode(from: state)
        try second.decode(from: state)
        guard first.buffers.count == second.buffers.count else {
            throw OptimizerStateError("Adam state has \(first.buffers.count) 'm' tensors but \(second.buffers.count) 'v' tensors")
        }
        stepCount = t
    }
}

/// AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay,
/// w -= lr * weightDecay * w before the Adam update (PyTorch's `AdamW`).
public struct AdamW: Optimizer {
    private var adam: Adam
    public var weightDecay: Float

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0.01, regularization: Regularization = .none) {
        adam = Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                    regularization: regularization)
        self.weightDecay = weightDecay
    }

    public var learningRate: Float {
        get { adam.learningRate }
        set { adam.learningRate = newValue }
    }
    public var regularization: Regularization {
        get { adam.regularization }
        set { adam.regularization = newValue }
    }
    public var stepCount: Int { adam.stepCount }

    public mutating func step(_ network: inout Sequential) {
        adam.adamStep(&network, decoupledDecay: weightDecay)
    }

    public var state: [String: Matrix] { adam.state }
    public mutating func restore(state: [String: Matrix]) throws { try adam.restore(state: state) }
}

/// One Adam step's constants, applied to raw buffers (for `PairedMLP`, which keeps its own).
struct AdamConstants {
    let b1: Float, b2: Float, step: Float, c2: Float, eps: Float

    /// The plain Adam update of n weights, after scaling their gradients by `scale` (clipping).
    func apply(_ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>,
               _ v: UnsafeMutablePointer<Float>, _ n: Int, scale: Float) {
        if scale != 1 { for i in 0..<n { g[i] *= scale } }
        VectorKernels.adam(w, g, m, v, n, b1: b1, b2: b2, step: step, c2: c2, eps: eps)
    }

    /// `apply` to a rows x cols block whose rows with `hasGradient[r] == 0` have a zero gradient
    /// (their row of g is neither read nor scaled).
    func apply(_ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>,
               _ v: UnsafeMutablePointer<Float>, rows: Int, cols: Int, hasGradient: UnsafePointer<UInt8>, scale: Float) {
        if scale != 1 {
            for r in 0..<rows where hasGradient[r] != 0 {
                for i in (r * cols)..<((r + 1) * cols) { g[i] *= scale }
            }
        }
        VectorKernels.adamRows(w, g, m, v, rows: rows, cols: cols, hasGradient: hasGradient,
                               b1: b1, b2: b2, step: step, c2: c2, eps: eps)
    }
}
