extension Sequential {
    /// sqrt(Σ g²) over every parameter gradient (accumulated in Double).
    public var gradientNorm: Float {
        var total = 0.0
        for k in 0..<parameterTensorCount { total += gradient(at: k).sumOfSquares }
        return Float(total.squareRoot())
    }

    /// Scales all gradients by maxNorm / norm when the global norm exceeds `maxNorm` (as
    /// PyTorch's `clip_grad_norm_`). Returns the norm before clipping.
    @discardableResult
    public mutating func clipGradients(maxNorm: Float) -> Float {
        precondition(maxNorm > 0, "clipGradients: maxNorm must be positive, got \(maxNorm)")
        let norm = gradientNorm
        guard norm > maxNorm else { return norm }
        let factor = maxNorm / (norm + 1e-6)
        for k in 0..<parameterTensorCount {
            withParameter(at: k) { _, g in g.scale(by: factor) }
        }
        return norm
    }

    /// Copies every parameter of `other` (same architecture) into this network, in place.
    public mutating func copyParameters(from other: Sequential) {
        softUpdate(from: other, tau: 1)
    }

    /// Polyak averaging: target = tau * online + (1 - tau) * target, for every parameter, where
    /// `self` is the target and `other` the online network (same architecture).
    public mutating func softUpdate(from other: Sequential, tau: Float) {
        precondition(tau >= 0 && tau <= 1, "softUpdate: tau must be in [0, 1], got \(tau)")
        precondition(other.parameterTensorCount == parameterTensorCount,
                     "softUpdate: other network has \(other.parameterTensorCount) parameter tensors, this one \(parameterTensorCount)")
        for k in 0..<parameterTensorCount {
            let source = other.parameter(at: k)
            withParameter(at: k) { w, _ in
                precondition(w.rows == source.rows && w.cols == source.cols,
                             "softUpdate: tensor \(k) is \(source.rows)x\(source.cols) in the source but \(w.rows)x\(w.cols) here")
                source.storage.withUnsafeBufferPointer { s in
                    w.storage.withUnsafeMutableBufferPointer { d in
                        if tau == 1 {
                            for i in 0..<s.count { d[i] = s[i] }
                        } else {
                            let keep = 1 - tau
                            for i in 0..<s.count { d[i] = tau * s[i] + keep * d[i] }
                        }
                    }
                }
            }
        }
    }

    /// The architecture as one line of layer tokens, e.g. "dense:4:64,relu,dense:64:2"
    /// (stored in saved files under "dojo.architecture").
    public var architecture: String {
        layers.map(\.architectureToken).joined(separator: ",")
    }
}
