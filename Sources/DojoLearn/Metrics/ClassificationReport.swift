import DojoNN

/// Every classification score of one set of predictions, ready to print or serialise.
public struct ClassificationReport: Sendable {
    public struct ClassScores: Sendable {
        public var name: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Examples of this class in the truth.
        public var support: Int
    }

    public var count: Int
    public var accuracy: Double
    public var macroPrecision: Double
    public var macroRecall: Double
    public var macroF1: Double
    public var logLoss: Double
    /// Binary or one-vs-rest macro ROC-AUC; nil when only one class occurs in the truth.
    public var rocAUC: Double?
    public var confusion: ConfusionMatrix
    public var perClass: [ClassScores]

    /// Scores `probabilities` (n x classes, rows summing to 1) against the true class indices.
    public init(truth: [Int], probabilities: Matrix, classes: ClassEncoding) {
        precondition(probabilities.cols == classes.count,
                     "ClassificationReport: \(probabilities.cols) probability columns for \(classes.count) classes")
        let predicted = ClassificationMetrics.argmaxRows(probabilities)
        let confusion = ConfusionMatrix(truth: truth, predicted: predicted, classCount: classes.count)
        count = truth.count
        accuracy = confusion.accuracy
        macroPrecision = confusion.macroPrecision
        macroRecall = confusion.macroRecall
        macroF1 = confusion.macroF1
        logLoss = ClassificationMetrics.logLoss(probabilities: probabilities, truth: truth)
        rocAUC = ClassificationMetrics.rocAUC(probabilities: probabilities, truth: truth)
        self.confusion = confusion
        perClass = classes.names.enumerated().map { c, name in
            ClassScores(name: name, precision: confusion.precision(of: c), recall: confusion.recall(of: c),
                        f1: confusion.f1(of: c), support: confusion.counts[c].reduce(0, +))
        }
    }
}

/// Every regression score of one set of predictions.
public struct RegressionReport: Sendable {
    public var count: Int
    public var mse: Double
    public var mae: Double
    public var r2: Double

    public init(prediction: [Float], target: [Float]) {
        count = target.count
        mse = RegressionMetrics.meanSquaredError(prediction: prediction, target: target)
        mae = RegressionMetrics.meanAbsoluteError(prediction: prediction, target: target)
        r2 = RegressionMetrics.r2(prediction: prediction, target: target)
    }
}
