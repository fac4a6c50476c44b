import ArgumentParser
import DojoLearn
import DojoRandom

/// `dojo fit`: train an MLP classifier or regressor on a CSV file, report metrics, save the model.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Train an MLP classifier or regressor on a CSV file.",
        discussion: """
            Rows are split (stratified for classification) into train / validation / test from the \
            seed; features are standardized with training statistics; training stops early on the \
            validation loss and keeps the best epoch's weights. Metrics are reported on the test rows.
            """
    )

    @Option(help: "CSV file with a header row.")
    var data: String

    @Option(help: "The label column.")
    var label: String

    @Option(help: "classify or regress.")
    var task: LearningTask = .classify

    @OptionGroup var network: NetworkOptions

    @Option(help: "Fraction of rows held out for early stopping.")
    var validationFraction: Double = 0.15

    @Option(help: "Fraction of rows held out for the test metrics (0: train on all but validation).")
    var testFraction: Double = 0.2

    @Option(help: "Random seed (split, initialization, shuffling, dropout).")
    var seed: UInt64 = 0

    @Option(help: "Directory to save model.safetensors and preprocessing.json into.")
    var out: String?

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    func validate() throws {
        guard validationFraction >= 0, testFraction >= 0, validationFraction + testFraction < 1 else {
            throw ValidationError("--validation-fraction and --test-fraction must be >= 0 and sum to less than 1")
        }
    }

    func run() throws {
        // Refuse an unusable --out before training, not after.
        if let out, FileSystem.exists(out), !FileSystem.isDirectory(out) {
            throw CommandError("--out '\(out)' is a file; give a directory for the model")
        }
        let settings = try network.settings()
        let dataSet = try inDataFile(data) { try DataSet(contentsOf: data, label: label) }
        var rng = SeededGenerator(seed: seed)
        var stderr = StandardError()
        let progress: (EpochReport) -> Void = { report in
            guard !json, report.epoch % 10 == 0 else { return }
            print("epoch \(report.epoch)  train loss \(LearnOutput.number(report.trainLoss))  "
                  + "validation loss \(LearnOutput.number(report.validationLoss))", to: &stderr)
        }
        var result: [String: Any?] = ["task": task.rawValue, "rows": dataSet.count, "features": dataSet.featureNames.count]
        var tables: [String] = []
        let history: TrainingHistory
        let model: SupervisedModel

        switch task {
        case .classify:
            let classes = ClassEncoding(fitting: dataSet.labels ?? [])
            let indices = try inDataFile(data) { try classes.encode(dataSet.labels ?? [], lineNumbers: dataSet.lineNumbers, column: label) }
            let split = DataSplit(count: dataSet.count, classes: indices, validationFraction: validationFraction,
                                  testFraction: testFraction, using: &rng)
            guard !split.train.isEmpty else { throw CommandError("no rows left for training") }
            var (classifier, h) = try userFacing {
                try MLPClassifier.fit(train: dataSet.subset(split.train),
                                      validation: split.validation.isEmpty ? nil : dataSet.subset(split.validation),
                                      classes: classes, settings: settings, using: &rng, progress: progress)
            }
            history = h
            for (name, rows) in [("train", split.train), ("validation", split.validation), ("test", split.test)] where !rows.isEmpty {
                let report = try userFacing { try classifier.evaluate(dataSet.subset(rows)) }
                result[name] = LearnOutput.classificationJSON(report)
                tables.append(LearnOutput.classificationTable(name, report))
            }
            result["classes"] = classes.names
            model = .classifier(classifier)
        case .regress:
            let split = DataSplit(count: dataSet.count, validationFraction: validationFraction,
                                  testFraction: testFraction, using: &rng)
            guard !split.train.isEmpty else { throw CommandError("no rows left for training") }
            var (regressor, h) = try inDataFile(data) {
                try MLPRegressor.fit(train: dataSet.subset(split.train),
                                     validation: split.validation.isEmpty ? nil : dataSet.subset(split.validation),
                                     settings: settings, using: &rng, progress: progress)
            }
            history = h
            for (name, rows) in [("train", split.train), ("validation", split.validation), ("test", split.test)] where !rows.isEmpty {
                let report = try inDataFile(data) { try regressor.evaluate(dataSet.subset(rows)) }
                result[name] = LearnOutput.regressionJSON(report)
                tables.append(LearnOutput.regressionTable(name, report))
            }
            model = .regressor(regressor)
        }
        result["epochs_run"] = history.epochsRun
        result["best_epoch"] = history.bestEpoch
        result["stopped_early"] = history.stoppedEarly
        if let out {
            try userFacing { try model.save(to: out, labelName: label) }
            result["model"] = out
        }
        if json {
            print(try LearnOutput.json(result))
        } else {
            print("trained \(history.epochsRun) epochs (best \(history.bestEpoch)\(history.stoppedEarly ? ", stopped early" : ""))")
            tables.forEach { print($0) }
            if let out { print("saved model to \(out)") }
        }
    }
}
