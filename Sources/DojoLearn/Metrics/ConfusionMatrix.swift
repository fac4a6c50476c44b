/// Counts of (true class, predicted class) pairs, and the scores read from them.
///
/// `counts[t][p]` is the number of examples of true class t predicted as p. Precision, recall and
/// F1 of a class with a zero denominator are 0 (scikit-learn's `zero_division=0`). Macro averages
/// run over the classes that occur in the truth or the predictions, as scikit-learn does when no
/// label list is given, so a class absent from both does not drag the average down.
public struct ConfusionMatrix: Equatable, Sendable {
    public let classCount: Int
    public private(set) var counts: [[Int]]

    public init(truth: [Int], predicted: [Int], classCount: Int) {
        precondition(truth.count == predicted.count,
                     "ConfusionMatrix: \(truth.count) true labels but \(predicted.count) predictions")
        self.classCount = classCount
        counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (t, p) in zip(truth, predicted) {
            precondition(t >= 0 && t < classCount && p >= 0 && p < classCount,
                         "ConfusionMatrix: class (\(t), \(p)) outside 0..<\(classCount)")
            counts[t][p] += 1
        }
    }

    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The fraction of examples on the diagonal.
    public var accuracy: Double {
        let n = total
        guard n > 0 else { return 0 }
        return Double((0..<classCount).reduce(0) { $0 + counts[$1][$1] }) / Double(n)
    }

    func truthCount(_ c: Int) -> Int { counts[c].reduce(0, +) }
    func predictedCount(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }

    /// TP / (TP + FP) for class `c`.
    public func precision(of c: Int) -> Double {
        let predicted = predictedCount(c)
        return predicted == 0 ? 0 : Double(counts[c][c]) / Double(predicted)
    }

    /// TP / (TP + FN) for class `c`.
    public func recall(of c: Int) -> Double {
        let actual = truthCount(c)
        return actual == 0 ? 0 : Double(counts[c][c]) / Double(actual)
    }

    /// The harmonic mean 2PR / (P + R) for class `c`, computed as 2TP / (2TP + FP + FN).
    public func f1(of c: Int) -> Double {
        let denominator = truthCount(c) + predictedCount(c)
        return denominator == 0 ? 0 : 2 * Double(counts[c][c]) / Double(denominator)
    }

    /// Classes that occur among the true labels or the predictions.
    public var presentClasses: [Int] {
        (0..<classCount).filter { truthCount($0) > 0 || predictedCount($0) > 0 }
    }

    public var macroPrecision: Double { macro(precision(of:)) }
    public var macroRecall: Double { macro(recall(of:)) }
    public var macroF1: Double { macro(f1(of:)) }

    private func macro(_ score: (Int) -> Double) -> Double {
        let classes = presentClasses
        guard !classes.isEmpty else { return 0 }
        return classes.reduce(0) { $0 + score($1) } / Double(classes.count)
    }
}
