/// Adagrad (Duchi et al., 2011): s += g²; w -= lr * g / (sqrt(s) + epsilon).
public struct Adagrad: Optimizer {
    public var learningRate: Float
    public var epsilon: Float
    public var regularization: Regularization
    private var sumOfSquares = ParameterBuffers("sum")

    public init(learningRate: Float = 0.01, epsilon: Float = 1e-10, regularization: Regularization = .none) {
        self.learningRate = learningRate
        self.epsilon = epsilon
        self.regularization = regularization
    }

    public mutating func step(_ network: inout Sequential) {
        sumOfSquares.prepare(for: network)
        let lr = learningRate, eps = epsilon, reg = regularization
        for k in 0..<network.parameterTensorCount {
            updateTensor(&network, k, &sumOfSquares) { w, g, s in
                for i in 0..<w.count {
                    let gi = reg.gradient(g[i], w[i])
                    s[i] += gi * gi
                    w[i] -= lr * gi / (s[i].squareRoot() + eps)
                }
            }
        }
    }

    public var state: [String: Matrix] {
        var s: [String: Matrix] = [:]
        sumOfSquares.encode(into: &s)
        return s
    }

    public mutating func restore(state: [String: Matrix]) throws {
        try sumOfSquares.decode(from: state)
    }
}
