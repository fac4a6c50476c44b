import ArgumentParser
import DojoLearn

/// `dojo predict`: apply a model saved by `dojo fit` to a CSV file.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Apply a model saved by `dojo fit --out DIR` to a CSV file.",
        discussion: """
            Prints one prediction per row (CSV with a header; class probabilities as p_<class> \
            columns). When the file also has the label column, metrics follow on standard error, \
            or in the `metrics` member with --json.
            """
    )

    @Option(help: "Model directory written by `dojo fit --out`.")
    var model: String

    @Option(help: "CSV file with the model's feature columns (the label column is optional).")
    var data: String

    @Flag(help: "Print one JSON object: predictions, probabilities and metrics.")
    var json = false

    func run() throws {
        guard FileSystem.isDirectory(model) else {
            throw CommandError(FileSystem.exists(model)
                ? "--model '\(model)' is a file; give the directory `dojo fit --out` wrote"
                : "no model directory '\(model)'")
        }
        let (loaded, preprocessing) = try userFacing { try SupervisedModel.load(from: model) }
        let table = try inDataFile(data) { try CSVTable(contentsOf: data) }
        let dataSet = try inDataFile(data) {
            try DataSet(table: table, features: preprocessing.featureNames, label: preprocessing.labelName,
                        labelRequired: false)
        }
        var result: [String: Any?] = ["task": preprocessing.task.rawValue, "rows": dataSet.count]
        var lines: [String] = []
        var summary: String?
        switch loaded {
        case .classifier(var classifier):
            let probabilities = classifier.probabilities(dataSet.features)
            let predicted = ClassificationMetrics.argmaxRows(probabilities).map { classifier.classes.names[$0] }
            result["predictions"] = predicted
            result["probabilities"] = (0..<probabilities.rows).map { probabilities.row($0).map(Double.init) }
            result["classes"] = classifier.classes.names
            lines.append((["prediction"] + classifier.classes.names.map { "p_" + csvField($0) }).joined(separator: ","))
            for r in 0..<probabilities.rows {
                lines.append(([csvField(predicted[r])] + probabilities.row(r).map { String($0) }).joined(separator: ","))
            }
            if dataSet.labels != nil {
                let report = try inDataFile(data) { try classifier.evaluate(dataSet) }
                result["metrics"] = LearnOutput.classificationJSON(report)
                summary = LearnOutput.classificationTable("metrics", report)
            }
        case .regressor(var regressor):
            let predicted = regressor.predict(dataSet.features)
            result["predictions"] = predicted.map(Double.init)
            lines.append("prediction")
            lines += predicted.map { String($0) }
            if dataSet.labels != nil {
                let report = try inDataFile(data) { try regressor.evaluate(dataSet) }
                result["metrics"] = LearnOutput.regressionJSON(report)
                summary = LearnOutput.regressionTable("metrics", report)
            }
        }
        if json {
            print(try LearnOutput.json(result))
        } else {
            print(lines.joined(separator: "\n"))
            if let summary {
                var stderr = StandardError()
                print(summary, to: &stderr)
            }
        }
    }

    private func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

import Foundation
