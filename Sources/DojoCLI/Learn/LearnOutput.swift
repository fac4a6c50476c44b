import DojoLearn
import DojoNN
import Foundation

/// Writing results: JSON objects with sorted keys, atomic files, fixed-width number formatting.
enum LearnOutput {
    /// One-line JSON for a dictionary of JSON-compatible values (nil becomes null).
    static func json(_ object: [String: Any?]) throws -> String {
        let cleaned = object.mapValues { $0 ?? NSNull() }
        let data = try JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `text` to `path` through a temporary file and a rename (`AtomicFile`), so a reader
    /// never sees a half-written file; a failure names the path and the OS's reason.
    static func writeAtomically(_ text: String, to path: String) throws {
        do { try AtomicFile.write(text, to: path) } catch { throw CommandError(error) }
    }

    static func number(_ x: Double?, digits: Int = 4) -> String {
        guard let x else { return "n/a" }
        return String(format: "%.\(digits)f", x)
    }

    /// A finite Double for JSON (NaN and infinities become null).
    static func finite(_ x: Double?) -> Double? {
        guard let x, x.isFinite else { return nil }
        return x
    }

    static func classificationJSON(_ r: ClassificationReport) -> [String: Any?] {
        ["accuracy": finite(r.accuracy), "macro_f1": finite(r.macroF1), "macro_precision": finite(r.macroPrecision),
         "macro_recall": finite(r.macroRecall), "log_loss": finite(r.logLoss), "roc_auc": finite(r.rocAUC),
         "count": r.count, "confusion_matrix": r.confusion.counts]
    }

    static func regressionJSON(_ r: RegressionReport) -> [String: Any?] {
        ["mse": finite(r.mse), "mae": finite(r.mae), "r2": finite(r.r2), "count": r.count]
    }

    /// A readable summary of a classification report, with the per-class table.
    static func classificationTable(_ title: String, _ r: ClassificationReport) -> String {
        var lines = ["\(title) (\(r.count) rows)",
                     "  accuracy \(number(r.accuracy))  macro F1 \(number(r.macroF1))  "
                     + "log loss \(number(r.logLoss))  ROC-AUC \(number(r.rocAUC))"]
        let width = max(5, r.perClass.map(\.name.count).max() ?? 5)
        lines.append("  " + "class".padding(toLength: width, withPad: " ", startingAt: 0)
                     + "  precision  recall      f1  support")
        for c in r.perClass {
            lines.append("  " + c.name.padding(toLength: width, withPad: " ", startingAt: 0)
                         + "  " + pad(number(c.precision), 9) + "  " + pad(number(c.recall), 6)
                         + "  " + pad(number(c.f1), 6) + "  " + pad(String(c.support), 7))
        }
        return lines.joined(separator: "\n")
    }

    static func regressionTable(_ title: String, _ r: RegressionReport) -> String {
        "\(title) (\(r.count) rows)\n  MSE \(number(r.mse))  MAE \(number(r.mae))  R^2 \(number(r.r2))"
    }

    static func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
