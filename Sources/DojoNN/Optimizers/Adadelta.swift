/// Adadelta (Zeiler, 2012), as PyTorch: E[g²] = ρ E[g²] + (1-ρ) g²;
/// Δ = sqrt(E[Δ²] + ε) / sqrt(E[g²] + ε) * g; E[Δ²] = ρ E[Δ²] + (1-ρ) Δ²; w -= lr * Δ.
public struct Adadelta: Optimizer {
    public var learningRate: Float
    public var rho: Float
    public var epsilon: Float
    public var regularization: Regularization
    private var squaredGradients = ParameterBuffers("square_avg")
    private var squaredUpdates = ParameterBuffers("acc_delta")

    public init(learningRate: Float = 1, rho: Float = 0.9, epsilon: Float = 1e-6,
                regularization: Regularization = .none) {
        precondition(rho >= 0 && rho < 1, "Adadelta: rho must be in [0, 1), got \(rho)")
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
        self.regularization = regularization
    }

    public mutating func step(_ network: inout Sequential) {
        squaredGradients.prepare(for: network)
        squaredUpdates.prepare(for: network)
        let lr = learningRate, rho = rho, eps = epsilon, reg = regularization
        for k in 0..<network.parameterTensorCount {
            updateTensor(&network, k, &squaredGradients, &squaredUpdates) { w, g, eg, ed in
                for i in 0..<w.count {
                    let gi = reg.gradient(g[i], w[i])
                    eg[i] = rho * eg[i] + (1 - rho) * gi * gi
                    let delta = (ed[i] + eps).squareRoot() / (eg[i] + eps).squareRoot() * gi
                    ed[i] = rho * ed[i] + (1 - rho) * delta * delta
                    w[i] -= lr * delta
                }
            }
        }
    }

    public var state: [String: Matrix] {
        var s: [String: Matrix] = [:]
        squaredGradients.encode(into: &s)
        squaredUpdates.encode(into: &s)
        return s
    }

    public mutating func restore(state: [String: Matrix]) throws {
        try squaredGradients.decode(from: state)
        try squaredUpdates.decode(from: state)
    }
}
