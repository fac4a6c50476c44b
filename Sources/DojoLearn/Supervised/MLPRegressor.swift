import DojoNN
import DojoRandom

/// A multilayer perceptron regressor with one output. Features and the target are both
/// standardized with training statistics (so the loss, and a Huber delta, are in units of the
/// target's standard deviation); predictions are mapped back to the target's units.
public struct MLPRegressor {
    public var network: Sequential
    public var standardizer: Standardizer
    /// Mean and standard deviation of the training target.
    public var targetMean: Float
    public var targetStd: Float
    public var featureNames: [String]

    public init(network: Sequential, standardizer: Standardizer, targetMean: Float, targetStd: Float,
                featureNames: [String]) {
        precondition(network.outputSize == 1, "MLPRegressor: network must have one output, has \(network.outputSize)")
        self.network = network
        self.standardizer = standardizer
        self.targetMean = targetMean
        self.targetStd = targetStd
        self.featureNames = featureNames
    }

    /// Trains on `train`, early-stopping on `validation` when given, with `settings.regressionLoss`.
    public static func fit(
        train: DataSet, validation: DataSet? = nil, settings: TrainingSettings,
        using rng: inout SeededGenerator, progress: ((EpochReport) -> Void)? = nil
    ) throws -> (model: MLPRegressor, history: TrainingHistory) {
        try settings.validate()
        let target = try train.regressionTargets()
        let targetScaler = Standardizer(fitting: Matrix(rows: target.count, cols: 1, target))
        let standardizer = Standardizer(fitting: train.features)
        func scaledTargets(_ data: DataSet) throws -> Matrix {
            let y = try data.regressionTargets()
            return targetScaler.transform(Matrix(rows: y.count, cols: 1, y))
        }
        let validationPair = try validation.map { (standardizer.transform($0.features), try scaledTargets($0)) }
        var network = Sequential.mlp(
            sizes: [train.features.cols] + settings.hidden + [1],
            activation: settings.activation, initializer: settings.initializer,
            dropout: settings.dropout, using: &rng)
        let history = NetworkTrainer.train(
            &network, loss: settings.regressionLoss,
            inputs: standardizer.transform(train.features), targets: try scaledTargets(train),
            validation: validationPair, settings: settings, using: &rng, progress: progress)
        let model = MLPRegressor(network: network, standardizer: standardizer,
                                 targetMean: targetScaler.means[0], targetStd: targetScaler.stds[0],
                                 featureNames: train.featureNames)
        return (model, history)
    }

    /// Predictions in the target's units for raw feature rows.
    public mutating func predict(_ features: Matrix) -> [Float] {
        let scaled = NetworkTrainer.predict(&network, standardizer.transform(features))
        return scaled.storage.map { $0 * targetStd + targetMean }
    }

    /// Scores the model on data with numeric labels.
    public mutating func evaluate(_ data: DataSet) throws -> RegressionReport {
        RegressionReport(prediction: predict(data.features), target: try data.regressionTargets())
    }
}
