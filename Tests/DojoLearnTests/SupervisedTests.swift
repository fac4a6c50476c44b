import DojoNN
import DojoRandom
import Foundation
import Testing
@testable import DojoLearn

/// A labelled data set of Gaussian blobs, labels "a", "b", "c", ...
func blobData(centres: [[Float]], perCluster: Int, spread: Float, using rng: inout SeededGenerator) -> DataSet {
    let (points, labels) = gaussianBlobs(centres: centres, perCluster: perCluster, spread: spread, using: &rng)
    let names = (0..<points.cols).map { "x\($0)" }
    return DataSet(featureNames: names, features: points, labelName: "y",
                   labels: labels.map { String(UnicodeScalar(UInt8(97 + $0))) })
}

@Suite("Supervised learners")
struct SupervisedTests {
    let centres: [[Float]] = [[0, 0, 0, 0], [3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0]]

    @Test("an MLP classifier reaches >= 95% test accuracy on seeded 4-class blobs")
    func classifierAccuracy() throws {
        var rng = SeededGenerator(seed: 42)
        let data = blobData(centres: centres, perCluster: 150, spread: 0.6, using: &rng)
        let classes = ClassEncoding(fitting: data.labels!)
        let split = DataSplit(count: data.count, classes: try classes.encode(data.labels!),
                              validationFraction: 0.15, testFraction: 0.2, using: &rng)
        var settings = TrainingSettings()
        settings.hidden = [32]
        settings.epochs = 60
        var (model, history) = try MLPClassifier.fit(
            train: data.subset(split.train), validation: data.subset(split.validation),
            classes: classes, settings: settings, using: &rng)
        let report = try model.evaluate(data.subset(split.test))
        #expect(report.accuracy >= 0.95)
        #expect(report.rocAUC! > 0.98)
        #expect(history.trainLoss.last! < history.trainLoss.first!)
        #expect(report.logLoss < 0.3)
    }

    @Test("the same seed trains the same classifier")
    func reproducible() throws {
        func run() throws -> [Float] {
            var rng = SeededGenerator(seed: 9)
            let data = blobData(centres: centres, perCluster: 30, spread: 0.6, using: &rng)
            var settings = TrainingSettings()
            settings.epochs = 5
            settings.dropout = 0.2
            var (model, _) = try MLPClassifier.fit(train: data, settings: settings, using: &rng)
            return model.probabilities(data.features).storage
        }
        #expect(try run() == run())
    }

    @Test("early stopping stops after `patience` bad epochs and restores the best weights")
    func earlyStopping() throws {
        var rng = SeededGenerator(seed: 3)
        let train = blobData(centres: [[0, 0], [2, 0]], perCluster: 100, spread: 0.5, using: &rng)
        // Validation labels are swapped: as training fits the truth, validation loss must rise.
        var validation = blobData(centres: [[0, 0], [2, 0]], perCluster: 40, spread: 0.5, using: &rng)
        validation.labels = validation.labels!.map { $0 == "a" ? "b" : "a" }
        var settings = TrainingSettings()
        settings.epochs = 200
        settings.patience = 4
        settings.learningRate = 0.01
        var (model, history) = try MLPClassifier.fit(train: train, validation: validation, settings: settings, using: &rng)
        #expect(history.stoppedEarly)
        #expect(history.epochsRun == history.bestEpoch + 4)
        #expect(history.epochsRun < 200)
        // The network holds the best epoch's weights: its validation loss is the minimum seen.
        let best = history.validationLoss.min()!
        #expect(abs(history.validationLoss[history.bestEpoch - 1] - best) < 1e-12)
        let targets = try MLPClassifier.oneHot(validation, model.classes)
        let now = NetworkTrainer.evaluate(&model.network, loss: .softmaxCrossEntropy,
                                          inputs: model.standardizer.transform(validation.features), targets: targets)
        #expect(abs(now - best) < 1e-5)
        #expect(abs(now - history.validationLoss.last!) > 1e-4)
    }

    @Test("an MLP regressor fits y = 3 x0 - 2 x1 + 1 (R^2 > 0.98), MSE and Huber")
    func regressor() throws {
        for loss in [Loss.mse, .huber(delta: 1)] {
            var rng = SeededGenerator(seed: 8)
            let n = 400
            var x = Matrix(rows: n, cols: 2)
            var y: [String] = []
            for r in 0..<n {
                x[r, 0] = Float(rng.nextGaussian()); x[r, 1] = Float(rng.nextGaussian())
                y.append(String(3 * x[r, 0] - 2 * x[r, 1] + 1 + 0.05 * Float(rng.nextGaussian())))
            }
            let data = DataSet(featureNames: ["x0", "x1"], features: x, labelName: "y", labels: y)
            var settings = TrainingSettings()
            settings.hidden = [16]
            settings.epochs = 80
            settings.learningRate = 0.01
            settings.regressionLoss = loss
            var (model, _) = try MLPRegressor.fit(train: data.subset(Array(0..<300)),
                                                 validation: data.subset(Array(300..<350)),
                                                 settings: settings, using: &rng)
            let report = try model.evaluate(data.subset(Array(350..<400)))
            #expect(report.r2 > 0.98)
        }
    }

    @Test("a saved model directory loads back with identical predictions")
    func saveLoad() throws {
        var rng = SeededGenerator(seed: 5)
        let data = blobData(centres: centres, perCluster: 20, spread: 0.6, using: &rng)
        var settings = TrainingSettings()
        settings.epochs = 3
        var (model, _) = try MLPClassifier.fit(train: data, settings: settings, using: &rng)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dojo-learn-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try SupervisedModel.classifier(model).save(to: directory, labelName: "y")
        let (loaded, preprocessing) = try SupervisedModel.load(from: directory)
        #expect(preprocessing.classes == ["a", "b", "c", "d"])
        #expect(preprocessing.labelName == "y")
        guard case .classifier(var restored) = loaded else { Issue.record("expected a classifier"); return }
        #expect(restored.probabilities(data.features) == model.probabilities(data.features))
        #expect(throws: ModelDirectoryError.missing(path: directory + "/nope/preprocessing.json")) {
            try SupervisedModel.load(from: directory + "/nope")
        }
    }

    @Test("the autoencoder embeds blobs so k-means separates them, and reconstructs them")
    func autoencoder() throws {
        var rng = SeededGenerator(seed: 12)
        let (points, labels) = gaussianBlobs(centres: [[0, 0, 0, 0, 0, 0], [6, 6, 0, 0, 0, 0], [0, 0, 6, 6, 0, 0]],
                                             perCluster: 80, spread: 0.7, using: &rng)
        var settings = TrainingSettings()
        settings.epochs = 100
        settings.learningRate = 0.01
        settings.l2 = 0
        var (model, history) = try Autoencoder.fit(points, dimensions: 2, hidden: [16], settings: settings, using: &rng)
        #expect(history.trainLoss.last! < 0.5 * history.trainLoss.first!)
        let codes = model.embed(points)
        #expect(codes.rows == points.rows && codes.cols == 2)
        let clusters = KMeans(k: 3).fit(codes, using: &rng).assignments
        #expect(ClusterAgreement.adjustedRandIndex(clusters, labels) > 0.95)
        let errors = model.reconstructionErrors(points)
        let far = model.reconstructionErrors(Matrix([[30, -30, 30, -30, 30, -30]]))
        #expect(far[0] > 10 * errors.reduce(0, +) / Float(errors.count))
    }
}
