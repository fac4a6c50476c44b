/// Stochastic gradient descent with optional momentum and Nesterov momentum (PyTorch's `SGD`
/// without dampening): v = μ v + g; w -= lr * (nesterov ? g + μ v : v). With μ = 0: w -= lr g.
public struct SGD: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var nesterov: Bool
    public var regularization: Regularization
    private var velocity = ParameterBuffers("velocity")

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                regularization: Regularization = .none) {
        precondition(momentum >= 0 && momentum < 1, "SGD: momentum must be in [0, 1), got \(momentum)")
        precondition(!nesterov || momentum > 0, "SGD: Nesterov needs a positive momentum")
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.regularization = regularization
    }

    public mutating func step(_ network: inout Sequential) {
        velocity.prepare(for: network)
        let lr = learningRate, mu = momentum, nesterov = nesterov, reg = regularization
        for k in 0..<network.parameterTensorCount {
            updateTensor(&network, k, &velocity) { w, g, v in
                for i in 0..<w.count {
                    let gi = reg.gradient(g[i], w[i])
                    if mu == 0 { w[i] -= lr * gi; continue }
                    let vi = mu * v[i] + gi
                    v[i] = vi
                    w[i] -= lr * (nesterov ? gi + mu * vi : vi)
                }
            }
        }
    }

    public var state: [String: Matrix] {
        var s: [String: Matrix] = [:]
        velocity.encode(into: &s)
        return s
    }

    public mutating func restore(state: [String: Matrix]) throws {
        try velocity.decode(from: state)
    }
}
