import DojoNN

/// The optimizers of the network core, by name (for configs and the command line).
public enum OptimizerChoice: String, CaseIterable, Codable, Sendable {
    case sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamw

    /// A fresh optimizer with this learning rate and L1/L2 penalty. `momentum` and `nesterov` are
    /// SGD with momentum 0.9 (plain or Nesterov); AdamW keeps its default decoupled decay of 0.01.
    public func make(learningRate: Float, regularization: Regularization) -> any Optimizer {
        switch self {
        case .sgd: return SGD(learningRate: learningRate, regularization: regularization)
        case .momentum: return SGD(learningRate: learningRate, momentum: 0.9, regularization: regularization)
        case .nesterov:
            return SGD(learningRate: learningRate, momentum: 0.9, nesterov: true, regularization: regularization)
        case .adagrad: return Adagrad(learningRate: learningRate, regularization: regularization)
        case .adadelta: return Adadelta(learningRate: learningRate, regularization: regularization)
        case .rmsprop: return RMSprop(learningRate: learningRate, regularization: regularization)
        case .adam: return Adam(learningRate: learningRate, regularization: regularization)
        case .adamw: return AdamW(learningRate: learningRate, regularization: regularization)
        }
    }

    /// The usual starting learning rate for this optimizer (PyTorch's defaults; 1 for Adadelta).
    public var defaultLearningRate: Float {
        switch self {
        case .sgd, .momentum, .nesterov, .adagrad, .rmsprop: return 0.01
        case .adadelta: return 1
        case .adam, .adamw: return 1e-3
        }
    }
}
