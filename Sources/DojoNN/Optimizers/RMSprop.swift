/// RMSprop (Hinton, 2012, lecture 6e), as PyTorch without momentum:
/// v = α v + (1-α) g²; w -= lr * g / (sqrt(v) + ε).
public struct RMSprop: Optimizer {
    public var learningRate: Float
    public var alpha: Float
    public var epsilon: Float
    public var regularization: Regularization
    private var squareAverage = ParameterBuffers("square_avg")

    public init(learningRate: Float = 0.01, alpha: Float = 0.99, epsilon: Float = 1e-8,
                regularization: Regularization = .none) {
        precondition(alpha >= 0 && alpha < 1, "RMSprop: alpha must be in [0, 1), got \(alpha)")
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.regularization = regularization
    }

    public mutating func step(_ network: inout Sequential) {
        squareAverage.prepare(for: network)
        let lr = learningRate, a = alpha, eps = epsilon, reg = regularization
        for k in 0..<network.parameterTensorCount {
            updateTensor(&network, k, &squareAverage) { w, g, v in
                for i in 0..<w.count {
                    let gi = reg.gradient(g[i], w[i])
                    v[i] = a * v[i] + (1 - a) * gi * gi
                    w[i] -= lr * gi / (v[i].squareRoot() + eps)
                }
            }
        }
    }

    public var state: [String: Matrix] {
        var s: [String: Matrix] = [:]
        squareAverage.encode(into: &s)
        return s
    }

    public mutating func restore(state: [String: Matrix]) throws {
        try squareAverage.decode(from: state)
    }
}
