#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A training loss over a batch of predictions (batch x n) and targets of the same shape.
///
/// Reduction, the same for every case: the per-example loss is the SUM over the n columns, and the
/// batch loss is the MEAN of that over the rows (PyTorch's `reduction="sum"` per row then mean over
/// the batch; for MSE and BCE this is n times PyTorch's default elementwise mean). `gradient` is
/// the exact derivative of `value`. With p = prediction, t = target, B = batch size:
///
/// - `mse`: (1/B) Σ (p - t)²
/// - `huber(delta:)`: (1/B) Σ h(p - t), h(d) = d²/2 if |d| <= delta else delta (|d| - delta/2)
///   (Huber, 1964; delta = 1 is PyTorch's smooth_l1_loss used by DQN)
/// - `softmaxCrossEntropy`: p are logits, t probabilities (or one-hot):
///   (1/B) Σ_rows -Σ_j t_j log softmax(p)_j, computed with log-sum-exp
/// - `binaryCrossEntropy`: p are logits, t in [0, 1]:
///   (1/B) Σ max(p, 0) - p t + log(1 + exp(-|p|))
/// - `klDivergence`: p are logits, t probabilities: (1/B) Σ_rows Σ_j t_j (log t_j - log softmax(p)_j),
///   with 0 log 0 = 0 (KL(t || softmax(p)), PyTorch's kl_div with reduction "batchmean")
public enum Loss: Equatable, Sendable {
    case mse
    case huber(delta: Float)
    case softmaxCrossEntropy
    case binaryCrossEntropy
    case klDivergence

    /// The batch loss.
    public func value(_ prediction: Matrix, _ target: Matrix) -> Float {
        check(prediction, target)
        let batch = prediction.rows, n = prediction.cols
        guard batch > 0 else { return 0 }
        var total = 0.0
        prediction.storage.withUnsafeBufferPointer { p in
            target.storage.withUnsafeBufferPointer { t in
                switch self {
                case .mse:
                    for i in 0..<p.count { let d = Double(p[i] - t[i]); total += d * d }
                case .huber(let delta):
                    let dl = Double(delta)
                    for i in 0..<p.count {
                        let d = abs(Double(p[i] - t[i]))
                        total += d <= dl ? 0.5 * d * d : dl * (d - 0.5 * dl)
                    }
                case .binaryCrossEntropy:
                    for i in 0..<p.count {
                        let x = Double(p[i]), y = Double(t[i])
                        total += max(x, 0) - x * y + log1p(exp(-abs(x)))
                    }
                case .softmaxCrossEntropy, .klDivergence:
                    for r in 0..<batch {
                        let row = r * n
                        var m = -Double.infinity
                        for j in 0..<n { m = max(m, Double(p[row + j])) }
                        var s = 0.0
                        for j in 0..<n { s += exp(Double(p[row + j]) - m) }
                        let logZ = m + log(s)
                        for j in 0..<n {
                            let y = Double(t[row + j])
                            guard y != 0 else { continue }
                            let logQ = Double(p[row + j]) - logZ
                            total += self == .klDivergence ? y * (log(y) - logQ) : -y * logQ
                        }
                    }
                }
            }
        }
        return Float(total / Double(batch))
    }

    /// Writes dLoss/dprediction into `gradient` (resized to the prediction's shape; no
    /// allocation once it has had that size).
    public func gradient(_ prediction: Matrix, _ target: Matrix, into gradient: inout Matrix) {
        check(prediction, target)
        let batch = prediction.rows, n = prediction.cols
        gradient.reshape(rows: batch, cols: n)
        guard batch > 0 else { return }
        let scale = 1 / Float(batch)
        prediction.storage.withUnsafeBufferPointer { p in
            target.storage.withUnsafeBufferPointer { t in
                gradient.storage.withUnsafeMutableBufferPointer { g in
                    switch self {
                    case .mse:
                        let twice = 2 * scale
                        for i in 0..<p.count { g[i] = twice * (p[i] - t[i]) }
                    case .huber(let delta):
                        for i in 0..<p.count {
                            let d = p[i] - t[i]
                            g[i] = scale * min(max(d, -delta), delta)
                        }
                    case .binaryCrossEntropy:
                        for i in 0..<p.count { g[i] = scale * (Activation.sigmoid(p[i]) - t[i]) }
                    case .softmaxCrossEntropy, .klDivergence:
                        // d/dp_j = softmax(p)_j * Σ_k t_k - t_j (= softmax - t for a distribution).
                        for r in 0..<batch {
                            let row = r * n
                            var m = p[row]
                            for j in 0..<n { m = max(m, p[row + j]) }
                            var s: Float = 0
                            var mass: Float = 0
                            for j in 0..<n {
                                let e = expf(p[row + j] - m)
                                g[row + j] = e
                                s += e
                                mass += t[row + j]
                            }
                            let k = mass / s
                            for j in 0..<n { g[row + j] = scale * (g[row + j] * k - t[row + j]) }
                        }
                    }
                }
            }
        }
    }

    /// The short name used by benchmarks and configs ("mse", "huber", ...).
    public var name: String {
        switch self {
        case .mse: return "mse"
        case .huber: return "huber"
        case .softmaxCrossEntropy: return "cross_entropy"
        case .binaryCrossEntropy: return "bce"
        case .klDivergence: return "kl"
        }
    }

    private func check(_ prediction: Matrix, _ target: Matrix) {
        precondition(prediction.rows == target.rows && prediction.cols == target.cols,
                     "Loss: prediction is \(prediction.rows)x\(prediction.cols) but target is \(target.rows)x\(target.cols)")
    }
}
