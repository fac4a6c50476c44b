#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An elementwise (or, for softmax, row-wise) nonlinearity.
///
/// - `identity`: y = x
/// - `relu`: y = max(0, x)
/// - `leakyReLU(slope:)`: y = x for x > 0, slope * x otherwise
/// - `elu(alpha:)`: y = x for x > 0, alpha * (exp(x) - 1) otherwise (Clevert et al., 2015)
/// - `sigmoid`: y = 1 / (1 + exp(-x))
/// - `tanh`: y = tanh(x)
/// - `softmax`: y_j = exp(x_j) / Σ_k exp(x_k) over each row (computed after subtracting the row max)
public enum Activation: Equatable, Sendable {
    case identity, relu
    case leakyReLU(slope: Float)
    case elu(alpha: Float)
    case sigmoid, tanh, softmax

    /// Writes f(input) into `output` (same shape, already sized).
    func apply(_ input: Matrix, into output: inout Matrix) {
        let cols = input.cols
        input.storage.withUnsafeBufferPointer { xs in
            output.storage.withUnsafeMutableBufferPointer { ys in
                let n = xs.count
                switch self {
                case .identity:
                    for i in 0..<n { ys[i] = xs[i] }
                case .relu:
                    guard let x = xs.baseAddress, let y = ys.baseAddress else { return }
                    VectorKernels.relu(x, y, n)
                case .leakyReLU(let slope):
                    for i in 0..<n { let x = xs[i]; ys[i] = x > 0 ? x : slope * x }
                case .elu(let alpha):
                    for i in 0..<n { let x = xs[i]; ys[i] = x > 0 ? x : alpha * (expm1f(x)) }
                case .sigmoid:
                    for i in 0..<n { ys[i] = Activation.sigmoid(xs[i]) }
                case .tanh:
                    for i in 0..<n { ys[i] = tanhf(xs[i]) }
                case .softmax:
                    guard cols > 0 else { return }
                    var start = 0
                    while start < n {
                        let end = start + cols
                        var m = xs[start]
                        for i in start..<end { m = max(m, xs[i]) }
                        var total: Float = 0
                        for i in start..<end { let e = expf(xs[i] - m); ys[i] = e; total += e }
                        let inv = 1 / total
                        for i in start..<end { ys[i] *= inv }
                        start = end
                    }
                }
            }
        }
    }

    /// Writes dL/dx into `inputGradient` given dL/dy, the forward input x and output y.
    func backward(input: Matrix, output: Matrix, outputGradient: Matrix, into inputGradient: inout Matrix) {
        let cols = input.cols
        input.storage.withUnsafeBufferPointer { xs in
        output.storage.withUnsafeBufferPointer { ys in
        outputGradient.storage.withUnsafeBufferPointer { gy in
        inputGradient.storage.withUnsafeMutableBufferPointer { gx in
            let n = xs.count
            switch self {
            case .identity:
                for i in 0..<n { gx[i] = gy[i] }
            case .relu:
                guard let x = xs.baseAddress, let g = gy.baseAddress, let d = gx.baseAddress else { return }
                VectorKernels.reluBackward(x, g, d, n)
            case .leakyReLU(let slope):
                for i in 0..<n { gx[i] = xs[i] > 0 ? gy[i] : slope * gy[i] }
            case .elu(let alpha):
                // For x <= 0, dy/dx = alpha * exp(x) = y + alpha.
                for i in 0..<n { gx[i] = xs[i] > 0 ? gy[i] : gy[i] * (ys[i] + alpha) }
            case .sigmoid:
                for i in 0..<n { let y = ys[i]; gx[i] = gy[i] * y * (1 - y) }
            case .tanh:
                for i in 0..<n { let y = ys[i]; gx[i] = gy[i] * (1 - y * y) }
            case .softmax:
                // dx_j = y_j * (dy_j - Σ_k dy_k y_k) per row.
                guard cols > 0 else { return }
                var start = 0
                while start < n {
                    let end = start + cols
                    var dot: Float = 0
                    for i in start..<end { dot += gy[i] * ys[i] }
                    for i in start..<end { gx[i] = ys[i] * (gy[i] - dot) }
                    start = end
                }
            }
        }
        }
        }
        }
    }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        // Two branches keep exp's argument non-positive, so neither overflows.
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }

    /// A short token naming this activation in saved architectures ("relu", "elu:1.0", ...).
    var token: String {
        switch self {
        case .identity: return "identity"
        case .relu: return "relu"
        case .leakyReLU(let slope): return "leaky_relu:\(slope)"
        case .elu(let alpha): return "elu:\(alpha)"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .softmax: return "softmax"
        }
    }

    /// Parses `token`; nil if it names no activation.
    init?(token: String) {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch (parts[0], parts.count) {
        case ("identity", 1): self = .identity
        case ("relu", 1): self = .relu
        case ("sigmoid", 1): self = .sigmoid
        case ("tanh", 1): self = .tanh
        case ("softmax", 1): self = .softmax
        case ("leaky_relu", 2):
            guard let s = Float(parts[1]), s.isFinite else { return nil }
            self = .leakyReLU(slope: s)
        case ("elu", 2):
            guard let a = Float(parts[1]), a.isFinite else { return nil }
            self = .elu(alpha: a)
        default: return nil
        }
    }
}
