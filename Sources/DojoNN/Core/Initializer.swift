import DojoRandom

/// How a Dense layer's weights are drawn. Biases always start at zero.
///
/// With fanIn = input features and fanOut = output features:
/// - `xavierUniform`: U(-b, b), b = sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010)
/// - `xavierNormal`: N(0, 2 / (fanIn + fanOut))
/// - `heUniform`: U(-b, b), b = sqrt(6 / fanIn) (He et al., 2015; PyTorch's kaiming_uniform_ with ReLU gain)
/// - `heNormal`: N(0, 2 / fanIn)
/// - `normal(std:)`: N(0, std²); `zeros`: all zero.
public enum Initializer: Equatable, Sendable {
    case zeros
    case normal(std: Float)
    case xavierUniform, xavierNormal, heUniform, heNormal

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
        }
    }

    private static func uniform(_ weights: inout Matrix, bound: Float, _ rng: inout SeededGenerator) {
        for i in 0..<weights.count { weights.storage[i] = (rng.nextUnitFloat() * 2 - 1) * bound }
    }
}
