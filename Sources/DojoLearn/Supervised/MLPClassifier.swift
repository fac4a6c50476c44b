import DojoNN
import DojoRandom

/// A multilayer perceptron classifier: standardized features in, class logits out, trained with
/// softmax cross-entropy; probabilities are the softmax of the logits.
public struct MLPClassifier {
    /// Maps standardized features to logits (one per class).
    public var network: Sequential
    public var standardizer: Standardizer
    public var classes: ClassEncoding
    public var featureNames: [String]

    public init(network: Sequential, standardizer: Standardizer, classes: ClassEncoding, featureNames: [String]) {
        precondition(network.outputSize == classes.count,
                     "MLPClassifier: network has \(network.outputSize) outputs for \(classes.count) classes")
        self.network = network
        self.standardizer = standardizer
        self.classes = classes
        self.featureNames = featureNames
    }

    /// Trains on `train` (labels required), early-stopping on `validation` when given. The
    /// standardizer is fitted on `train` only. `classes` defaults to the classes found in `train`;
    /// pass the encoding of the whole data set when validation or test rows may hold others.
    public static func fit(
        train: DataSet, validation: DataSet? = nil, classes: ClassEncoding? = nil,
        settings: TrainingSettings, using rng: inout SeededGenerator,
        progress: ((EpochReport) -> Void)? = nil
    ) throws -> (model: MLPClassifier, history: TrainingHistory) {
        try settings.validate()
        guard let labels = train.labels else {
            throw DataError.missingColumn(name: train.labelName ?? "(label)", available: train.featureNames)
        }
        let classes = classes ?? ClassEncoding(fitting: labels)
        let standardizer = Standardizer(fitting: train.features)
        let targets = try oneHot(train, classes)
        let validationPair = try validation.map { v in (standardizer.transform(v.features), try oneHot(v, classes)) }
        var network = Sequential.mlp(
            sizes: [train.features.cols] + settings.hidden + [classes.count],
            activation: settings.activation, initializer: settings.initializer,
            dropout: settings.dropout, using: &rng)
        let history = NetworkTrainer.train(
            &network, loss: .softmaxCrossEntropy,
            inputs: standardizer.transform(train.features), targets: targets,
            validation: validationPair, settings: settings, using: &rng, progress: progress)
        let model = MLPClassifier(network: network, standardizer: standardizer, classes: classes,
                                  featureNames: train.featureNames)
        return (model, history)
    }

    /// Class probabilities (n x classes) for raw (unstandardized) feature rows.
    public mutating func probabilities(_ features: Matrix) -> Matrix {
        NetworkTrainer.predict(&network, standardizer.transform(features)).softmaxRows()
    }

    /// The most probable class index of each row.
    public mutating func predict(_ features: Matrix) -> [Int] {
        ClassificationMetrics.argmaxRows(probabilities(features))
    }

    /// Scores the model on labelled data.
    public mutating func evaluate(_ data: DataSet) throws -> ClassificationReport {
        let truth = try Self.encode(data, classes)
        return ClassificationReport(truth: truth, probabilities: probabilities(data.features), classes: classes)
    }

    static func encode(_ data: DataSet, _ classes: ClassEncoding) throws -> [Int] {
        guard let labels = data.labels else {
            throw DataError.missingColumn(name: data.labelName ?? "(label)", available: data.featureNames)
        }
        return try classes.encode(labels, lineNumbers: data.lineNumbers, column: data.labelName ?? "label")
    }

    static func oneHot(_ data: DataSet, _ classes: ClassEncoding) throws -> Matrix {
        let indices = try encode(data, classes)
        var m = Matrix(rows: indices.count, cols: classes.count)
        for (r, c) in indices.enumerated() { m[r, c] = 1 }
        return m
    }
}
