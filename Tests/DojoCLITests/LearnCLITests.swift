import Foundation
import Testing
@testable import DojoCLI

/// `dojo fit`, `predict`, `cluster` and `embed` on small synthetic CSV files generated here from
/// a seed: well-separated Gaussian blobs, which any working learner gets (nearly) all right.
@Suite("dojo fit / predict / cluster / embed end to end")
struct LearnCLITests {
    /// Three blobs in 3-D, 6 standard deviations apart.
    static let centres: [[Double]] = [[0, 0, 0], [6, 6, 0], [0, 6, 6]]

    @Test("fit classifies separable blobs, --json has the test metrics, and predict applies the saved model")
    func fitAndPredict() throws {
        let scratch = try Scratch()
        try scratch.write(blobsCSV(centres: Self.centres, count: 300, seed: 11), to: "train.csv")
        try scratch.write(blobsCSV(centres: Self.centres, count: 60, seed: 12), to: "new.csv")
        let fit = try scratch.dojo(["fit", "--data", "train.csv", "--label", "label", "--hidden", "16",
                                    "--epochs", "40", "--seed", "1", "--out", "model", "--json"])
        #expect(fit.status == 0, "\(fit.err)")
        #expect(fit.outLines.count == 1)
        let result = try jsonObject(fit.out)
        #expect(result["task"] as? String == "classify")
        #expect(result["rows"] as? Int == 300)
        #expect(result["classes"] as? [String] == ["c0", "c1", "c2"])
        let test = try #require(result["test"] as? [String: Any])
        for key in ["accuracy", "macro_f1", "log_loss", "roc_auc"] {
            #expect(test[key] is Double || test[key] is Int, "test.\(key) missing: \(test)")
        }
        #expect((test["accuracy"] as? Double ?? 0) >= 0.97, "\(test)")
        #expect((test["roc_auc"] as? Double ?? 0) >= 0.99)
        #expect(test["count"] as? Int == 60, "20% of 300 rows are test rows")
        #expect(scratch.exists("model/model.safetensors") && scratch.exists("model/preprocessing.json"))

        // predict: one row per input row, with probabilities summing to one, labels mostly right.
        let predict = try scratch.dojo(["predict", "--model", "model", "--data", "new.csv", "--json"])
        #expect(predict.status == 0, "\(predict.err)")
        let output = try jsonObject(predict.out)
        let predictions = try #require(output["predictions"] as? [String])
        let probabilities = try #require(output["probabilities"] as? [[Double]])
        #expect(predictions.count == 60 && probabilities.count == 60)
        let truth = (0..<60).map { "c\($0 % 3)" }
        let correct = zip(predictions, truth).filter { $0 == $1 }.count
        #expect(correct >= 57, "\(correct) of 60 right")
        for p in probabilities {
            #expect(p.count == 3 && abs(p.reduce(0, +) - 1) < 1e-4)
        }
        let metrics = try #require(output["metrics"] as? [String: Any])
        #expect(abs((metrics["accuracy"] as? Double ?? -1) - Double(correct) / 60) < 1e-12)

        // Without --json: a CSV header, then one prediction per row; metrics go to stderr.
        let plain = try scratch.dojo(["predict", "--model", "model", "--data", "new.csv"])
        #expect(plain.status == 0)
        #expect(plain.outLines.first == "prediction,p_c0,p_c1,p_c2")
        #expect(plain.outLines.dropFirst().map { String($0.split(separator: ",")[0]) } == predictions)

        // Same seed, same model and metrics.
        let again = try scratch.dojo(["fit", "--data", "train.csv", "--label", "label", "--hidden", "16",
                                      "--epochs", "40", "--seed", "1", "--json"])
        let first = try #require(result["test"] as? [String: Any]), second = try #require(jsonObject(again.out)["test"] as? [String: Any])
        #expect(first["log_loss"] as? Double == second["log_loss"] as? Double)
    }

    @Test("fit --task regress learns a linear target; --json has mse, mae, r2")
    func regression() throws {
        let scratch = try Scratch()
        var rng = TestRandom(seed: 5)
        var lines = ["a,b,y"]
        for _ in 0..<300 {
            let a = rng.normal(), b = rng.normal()
            lines.append(String(format: "%.4f,%.4f,%.4f", a, b, 3 * a - 2 * b + 1 + 0.05 * rng.normal()))
        }
        try scratch.write(lines.joined(separator: "\n") + "\n", to: "linear.csv")
        let fit = try scratch.dojo(["fit", "--data", "linear.csv", "--label", "y", "--task", "regress", "--hidden", "16",
                                    "--epochs", "60", "--lr", "0.01", "--seed", "2", "--out", "reg", "--json"])
        #expect(fit.status == 0, "\(fit.err)")
        let result = try jsonObject(fit.out)
        #expect(result["task"] as? String == "regress")
        let test = try #require(result["test"] as? [String: Any])
        #expect(Set(["mse", "mae", "r2"]).isSubset(of: Set(test.keys)))
        // y has variance 13; explaining at least 95% of it is easy for a 16-unit MLP.
        #expect((test["r2"] as? Double ?? 0) > 0.95, "\(test)")

        let predict = try scratch.dojo(["predict", "--model", "reg", "--data", "linear.csv", "--json"])
        #expect(predict.status == 0, "\(predict.err)")
        #expect((try jsonObject(predict.out)["predictions"] as? [Double])?.count == 300)
    }

    @Test("cluster finds the blobs: --json has inertia, sizes, ari and purity")
    func cluster() throws {
        let scratch = try Scratch()
        try scratch.write(blobsCSV(centres: Self.centres, count: 240, seed: 21), to: "blobs.csv")
        let result = try scratch.dojo(["cluster", "--data", "blobs.csv", "--label", "label", "--k", "3", "--json"])
        #expect(result.status == 0, "\(result.err)")
        let object = try jsonObject(result.out)
        #expect(Set(["inertia", "sizes", "ari", "purity"]).isSubset(of: Set(object.keys)))
        #expect(object["sizes"] as? [Int] == [80, 80, 80] || (object["sizes"] as? [Int])?.sorted() == [80, 80, 80])
        #expect(object["ari"] as? Double == 1)
        #expect(object["purity"] as? Double == 1)
        #expect((object["inertia"] as? Double ?? 0) > 0)
        // Without --label, k defaults to 8 and there is nothing to score against.
        try scratch.write(blobsCSV(centres: Self.centres, count: 240, seed: 21)
            .split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }
            .joined(separator: "\n") + "\n", to: "unlabelled.csv")
        let unlabelled = try scratch.dojo(["cluster", "--data", "unlabelled.csv", "--json"])
        #expect(unlabelled.status == 0, "\(unlabelled.err)")
        let plain = try jsonObject(unlabelled.out)
        #expect((plain["sizes"] as? [Int])?.count == 8)
        #expect((plain["sizes"] as? [Int])?.reduce(0, +) == 240)
        #expect(plain["ari"] == nil || plain["ari"] is NSNull)
    }

    @Test("embed writes a CSV of the requested dimensions with the labels, and an SVG scatter plot")
    func embed() throws {
        let scratch = try Scratch()
        try scratch.write(blobsCSV(centres: Self.centres, count: 90, seed: 31), to: "blobs.csv")
        for method in ["pca", "autoencoder"] {
            let result = try scratch.dojo(["embed", "--data", "blobs.csv", "--label", "label", "--method", method,
                                           "--dim", "2", "--epochs", "10", "--out", "\(method).csv"])
            #expect(result.status == 0, "\(result.err)")
            let lines = try scratch.read("\(method).csv").split(separator: "\n")
            #expect(lines.first == "dim_1,dim_2,label")
            #expect(lines.count == 91)
            for (i, line) in lines.dropFirst().enumerated() {
                let fields = line.split(separator: ",")
                #expect(fields.count == 3 && Double(fields[0]) != nil && Double(fields[1]) != nil)
                #expect(fields.last.map(String.init) == "c\(i % 3)")
            }
            let svg = try scratch.read("\(method).svg")
            #expect(svg.hasPrefix("<svg") && svg.contains("</svg>"))
            #expect(svg.components(separatedBy: "<circle").count - 1 >= 90)
        }
        // PCA on blobs: the first component separates the centres, so points of one blob lie
        // closer to each other than to the others along dim_1/dim_2.
        let rows = try scratch.read("pca.csv").split(separator: "\n").dropFirst().map { line -> (Double, Double, Int) in
            let f = line.split(separator: ",")
            return (Double(f[0])!, Double(f[1])!, Int(f[2].dropFirst())!)
        }
        var means = [(Double, Double)](repeating: (0, 0), count: 3)
        for r in rows { means[r.2].0 += r.0 / 30; means[r.2].1 += r.1 / 30 }
        let nearest = rows.filter { r in
            let d = means.map { ($0.0 - r.0) * ($0.0 - r.0) + ($0.1 - r.1) * ($0.1 - r.1) }
            return d.firstIndex(of: d.min()!) == r.2
        }.count
        #expect(nearest >= 88, "\(nearest) of 90 points nearest their own blob's centre")
    }
}
