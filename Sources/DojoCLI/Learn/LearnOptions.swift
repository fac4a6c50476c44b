import ArgumentParser
import DojoLearn
import DojoNN

extension OptimizerChoice: ExpressibleByArgument {}
extension LearningTask: ExpressibleByArgument {}

/// Hidden activations by command-line name.
enum ActivationChoice: String, CaseIterable, ExpressibleByArgument {
    case relu, tanh, sigmoid, elu
    case leakyRelu = "leaky-relu"

    var activation: Activation {
        switch self {
        case .relu: return .relu
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        case .elu: return .elu(alpha: 1)
        case .leakyRelu: return .leakyReLU(slope: 0.01)
        }
    }
}

/// Weight initializers by command-line name.
enum InitializerChoice: String, CaseIterable, ExpressibleByArgument {
    case heUniform = "he-uniform", heNormal = "he-normal"
    case xavierUniform = "xavier-uniform", xavierNormal = "xavier-normal"
    case normal, zeros
    case pytorch

    var initializer: Initializer {
        switch self {
        case .pytorch: return .pytorchDefault
        case .heUniform: return .heUniform
        case .heNormal: return .heNormal
        case .xavierUniform: return .xavierUniform
        case .xavierNormal: return .xavierNormal
        case .normal: return .normal(std: 0.01)
        case .zeros: return .zeros
        }
    }
}

/// Network and training options shared by `fit`, `cluster` and `embed`.
struct NetworkOptions: ParsableArguments {
    @Option(help: "Hidden layer widths, comma-separated (e.g. 64,64).")
    var hidden: String = "64"

    @Option(help: "Maximum training epochs.")
    var epochs: Int = 200

    @Option(help: "Mini-batch size.")
    var batchSize: Int = 32

    @Option(help: "Optimizer: \(OptimizerChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var optimizer: OptimizerChoice = .adam

    @Option(help: "Learning rate (default: the optimizer's usual one, 0.001 for Adam).")
    var lr: Float?

    @Option(help: "L1 penalty coefficient.")
    var l1: Float = 0

    @Option(help: "L2 penalty coefficient.")
    var l2: Float = 1e-4

    @Option(help: "Dropout probability after each hidden layer.")
    var dropout: Float = 0

    @Option(help: "Stop after this many epochs without validation-loss improvement (0: never).")
    var patience: Int = 10

    @Option(help: "Hidden activation: \(ActivationChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var activation: ActivationChoice = .relu

    @Option(name: .customLong("init"), help: "Weight initializer: \(InitializerChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var initializer: InitializerChoice = .heUniform

    func hiddenSizes() throws -> [Int] {
        // Empty pieces are kept so a stray comma ("64,", "64,,32") is an error, not ignored.
        let parts = hidden.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let sizes = parts.compactMap { Int($0) }
        guard !parts.isEmpty, sizes.count == parts.count, sizes.allSatisfy({ $0 > 0 }) else {
            throw CommandError("--hidden: expected positive widths separated by commas, got '\(hidden)'")
        }
        return sizes
    }

    func settings() throws -> TrainingSettings {
        var s = TrainingSettings()
        s.hidden = try hiddenSizes()
        s.epochs = epochs
        s.batchSize = batchSize
        s.optimizer = optimizer
        s.learningRate = lr
        s.l1 = l1
        s.l2 = l2
        s.dropout = dropout
        s.patience = patience > 0 ? patience : nil
        s.activation = activation.activation
        s.initializer = initializer.initializer
        try userFacing { try s.validate() }
        return s
    }
}

import Foundation
