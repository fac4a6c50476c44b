import DojoRandom

/// How a Dense layer's weights are drawn. Biases start at zero, except with `pytorchDefault`.
///
/// With fanIn = input features and fanOut = output features:
/// - `xavierUniform`: U(-b, b), b = sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010)
/// - `xavierNormal`: N(0, 2 / (fanIn + fanOut))
/// - `heUniform`: U(-b, b), b = sqrt(6 / fanIn) (He et al., 2015; PyTorch's kaiming_uniform_ with ReLU gain)
/// - `heNormal`: N(0, 2 / fanIn)
/// - `normal(std:)`: N(0, std²); `zeros`: all zero.
/// - `pytorchDefault`: U(-b, b), b = 1 / sqrt(fanIn), for weights *and* biases — what PyTorch's
///   `nn.Linear` does by default (kaiming_uniform_ with a = sqrt(5)). Hyperparameters tuned on
///   PyTorch (rl-baselines3-zoo's DQN presets) assume it: with Xavier weights and zero biases the
///   CartPole preset plateaus near a return of 100 instead of reaching 500 (measured, seeds 0-2).
public enum Initializer: Equatable, Sendable {
    case zeros
    case normal(std: Float)
    case xavierUniform, xavierNormal, heUniform, heNormal
    case pytorchDefault

    /// Whether biases are drawn too (the same way as the weights) rather than set to zero.
    public var drawsBiases: Bool { self == .pytorchDefault }

    /// Fills `weights` (fanOut x fanIn) from `rng`.
    public func fill(_ weights: inout Matrix, fanIn: Int, fanOut: Int, using rng: inout SeededGenerator) {
        let n = weights.count
        switch self {
        case .zeros:
            weights.fill(0)
        case .normal(let std):
            for i in 0..<n { weights.storage[i] = Float(rng.nextGaussian()) * std }
        case .xavierUniform:
            Self.uniform(&weights, bound: (6 / Float(max(1, fanIn + fanOut))).squareRoot(), &rng)
        case .xavierNormal:
            let std = (2 / Float(max(1, fanIn + fanOut))).squareRoot()
            for i in 0..<n { weights.storage[i] = Float(rng.nextGaussian()) * std }
        case .heUniform:
            Self.uniform(&weights, bound: (6 / Float(max(1, fanIn))).squareRoot(), &rng)
        case .heNormal:
            let std = (2 / Float(max(1, fanIn))).squareRoot()
            for i in 0..<n { weights.storage[i] = Float(rng.nextGaussian()) * std }
        case .pytorchDefault:
            Self.uniform(&weights, bound: 1 / Float(max(1, fanIn)).squareRoot(), &rng)
        }
    }

    private static func uniform(_ weights: inout Matrix, bound: Float, _ rng: inout SeededGenerator) {
        for i in 0..<weights.count { weights.storage[i] = (rng.nextUnitFloat() * 2 - 1) * bound }
    }
}
