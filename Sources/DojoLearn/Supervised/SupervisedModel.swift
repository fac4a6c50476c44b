import DojoNN
import Foundation

/// What a supervised model predicts.
public enum LearningTask: String, Codable, CaseIterable, Sendable {
    case classify, regress
}

/// The preprocessing saved next to a model's weights (`preprocessing.json`): everything needed to
/// turn a CSV row into network input and the output back into a class or a number.
public struct Preprocessing: Codable, Equatable, Sendable {
    public var task: LearningTask
    public var featureNames: [String]
    public var labelName: String
    public var means: [Float]
    public var stds: [Float]
    /// Class names in index order (classification).
    public var classes: [String]?
    /// Target mean and standard deviation (regression).
    public var targetMean: Float?
    public var targetStd: Float?
    public var version: Int = 1

    enum CodingKeys: String, CodingKey {
        case task, version, classes
        case featureNames = "feature_names", labelName = "label", means, stds
        case targetMean = "target_mean", targetStd = "target_std"
    }
}

/// A trained classifier or regressor, as saved in a model directory:
/// `DIR/model.safetensors` (the network, with its architecture) and `DIR/preprocessing.json`.
/// Both files are written atomically (temporary file, then rename).
public enum SupervisedModel {
    case classifier(MLPClassifier)
    case regressor(MLPRegressor)

    public static let weightsFile = "model.safetensors"
    public static let preprocessingFile = "preprocessing.json"

    public var featureNames: [String] {
        switch self {
        case .classifier(let m): return m.featureNames
        case .regressor(let m): return m.featureNames
        }
    }

    /// Saves into `directory`, creating it if needed. `labelName` is the training label column.
    public func save(to directory: String, labelName: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ModelDirectoryError.cannotWrite(path: directory, reason: "cannot create the directory")
        }
        let preprocessing: Preprocessing
        let network: Sequential
        switch self {
        case .classifier(let m):
            network = m.network
            preprocessing = Preprocessing(task: .classify, featureNames: m.featureNames, labelName: labelName,
                                          means: m.standardizer.means, stds: m.standardizer.stds,
                                          classes: m.classes.names)
        case .regressor(let m):
            network = m.network
            preprocessing = Preprocessing(task: .regress, featureNames: m.featureNames, labelName: labelName,
                                          means: m.standardizer.means, stds: m.standardizer.stds,
                                          targetMean: m.targetMean, targetStd: m.targetStd)
        }
        try network.save(to: directory + "/" + Self.weightsFile, metadata: ["dojo.task": preprocessing.task.rawValue])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(preprocessing)
        let path = directory + "/" + Self.preprocessingFile
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: json),
              rename(temporary, path) == 0 else {
            throw ModelDirectoryError.cannotWrite(path: path, reason: "write or rename failed")
        }
    }

    /// Loads a model directory written by `save`; returns the model and its preprocessing.
    public static func load(from directory: String) throws -> (model: SupervisedModel, preprocessing: Preprocessing) {
        let path = directory + "/" + preprocessingFile
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelDirectoryError.missing(path: path)
        }
        let p: Preprocessing
        do {
            p = try JSONDecoder().decode(Preprocessing.self, from: data)
        } catch {
            throw ModelDirectoryError.corrupt(path: path, reason: "not a preprocessing file (\(Self.reason(error)))")
        }
        let weightsPath = directory + "/" + weightsFile
        guard FileManager.default.fileExists(atPath: weightsPath) else { throw ModelDirectoryError.missing(path: weightsPath) }
        let (network, _) = try Sequential.load(from: weightsPath)
        guard p.means.count == p.featureNames.count, p.stds.count == p.featureNames.count,
              network.inputSize == p.featureNames.count else {
            throw ModelDirectoryError.corrupt(path: path, reason: "feature count does not match the network")
        }
        let standardizer = Standardizer(means: p.means, stds: p.stds)
        switch p.task {
        case .classify:
            guard let names = p.classes, names.count == network.outputSize else {
                throw ModelDirectoryError.corrupt(path: path, reason: "classes do not match the network's outputs")
            }
            return (.classifier(MLPClassifier(network: network, standardizer: standardizer,
                                              classes: ClassEncoding(names: names), featureNames: p.featureNames)), p)
        case .regress:
            guard let mean = p.targetMean, let std = p.targetStd, network.outputSize == 1 else {
                throw ModelDirectoryError.corrupt(path: path, reason: "regression model needs target_mean, target_std and one output")
            }
            return (.regressor(MLPRegressor(network: network, standardizer: standardizer, targetMean: mean,
                                            targetStd: std, featureNames: p.featureNames)), p)
        }
    }
}

extension SupervisedModel {
    /// A JSON decoding failure in a few words, where Foundation's own description is a
    /// multi-part debugging dump: "invalid JSON", "missing key 'means'", "wrong type at 'stds'".
    static func reason(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : " at '" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "invalid JSON" : "unreadable value\(at(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'\(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type\(at(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A model directory that cannot be written or read.
public enum ModelDirectoryError: Error, CustomStringConvertible, Equatable, Sendable {
    case missing(path: String)
    case corrupt(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): return "no model file at '\(path)' (was it saved with `dojo fit --out`?)"
        case let .corrupt(path, reason): return "'\(path)': \(reason)"
        case let .cannotWrite(path, reason): return "cannot write '\(path)': \(reason)"
        }
    }
}
