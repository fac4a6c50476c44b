import DojoNN

/// How to train a network on tabular data. Defaults follow scikit-learn's MLPClassifier where it
/// has one (Adam at 1e-3, batches of up to 200, ReLU, L2 1e-4) except for early stopping, which is
/// on here: training stops after `patience` epochs without a validation-loss improvement of at
/// least `minDelta` and the weights of the best epoch are restored.
public struct TrainingSettings: Sendable {
    /// Widths of the hidden layers, input to output.
    public var hidden: [Int] = [64]
    public var activation: Activation = .relu
    public var initializer: Initializer = .heUniform
    public var optimizer: OptimizerChoice = .adam
    /// nil: the optimizer's `defaultLearningRate`.
    public var learningRate: Float?
    /// L1 penalty coefficient (loss gains l1 * sum |w|).
    public var l1: Float = 0
    /// L2 penalty coefficient (loss gains l2/2 * sum w^2).
    public var l2: Float = 1e-4
    /// Probability of zeroing a hidden unit during training (0 = no dropout layer).
    public var dropout: Float = 0
    public var epochs: Int = 200
    public var batchSize: Int = 32
    /// Epochs without improvement before stopping; nil trains for all `epochs`.
    public var patience: Int? = 10
    /// The smallest decrease of the validation loss that counts as an improvement.
    public var minDelta: Double = 1e-4
    /// Regression loss (on standardized targets); classification always uses softmax cross-entropy.
    public var regressionLoss: Loss = .mse
    /// Global gradient-norm clip; nil for none.
    public var clipNorm: Float?

    public init() {}

    /// The learning rate actually used.
    public var resolvedLearningRate: Float { learningRate ?? optimizer.defaultLearningRate }

    /// Throws a readable error for values no training can use.
    public func validate() throws {
        func fail(_ message: String) throws { throw SettingsError(message) }
        if hidden.contains(where: { $0 < 1 }) { try fail("hidden layer sizes must be positive, got \(hidden)") }
        if epochs < 1 { try fail("epochs must be at least 1, got \(epochs)") }
        if batchSize < 1 { try fail("batch size must be at least 1, got \(batchSize)") }
        if !(dropout >= 0 && dropout < 1) { try fail("dropout must be in [0, 1), got \(dropout)") }
        if !(l1 >= 0) || !(l2 >= 0) { try fail("L1/L2 penalties must be non-negative") }
        if let lr = learningRate, !(lr > 0 && lr.isFinite) { try fail("learning rate must be positive, got \(lr)") }
        if let p = patience, p < 1 { try fail("patience must be at least 1, got \(p)") }
        if let c = clipNorm, !(c > 0) { try fail("gradient clip norm must be positive, got \(c)") }
    }
}

/// A training setting that cannot work, with the reason.
public struct SettingsError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
