import DojoNN

/// Scores of probabilistic classifiers. All sums run in Double.
public enum ClassificationMetrics {
    /// The fraction of positions where `predicted` equals `truth`.
    public static func accuracy(truth: [Int], predicted: [Int]) -> Double {
        precondition(truth.count == predicted.count, "accuracy: \(truth.count) labels vs \(predicted.count) predictions")
        guard !truth.isEmpty else { return 0 }
        return Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// Mean negative log-likelihood of the true class, `-(1/n) sum_i log p_i[y_i]`, with each
    /// probability clipped to [1e-15, 1 - 1e-15] so one confident mistake costs ~34.5, not infinity
    /// (the clipping of scikit-learn's `log_loss` before 1.5). `probabilities` is n x classes.
    public static func logLoss(probabilities: Matrix, truth: [Int]) -> Double {
        precondition(probabilities.rows == truth.count, "logLoss: \(probabilities.rows) rows vs \(truth.count) labels")
        guard !truth.isEmpty else { return 0 }
        let eps = 1e-15
        var total = 0.0
        for (i, y) in truth.enumerated() {
            let p = min(max(Double(probabilities[i, y]), eps), 1 - eps)
            total -= _logarithm(p)
        }
        return total / Double(truth.count)
    }

    /// Area under the ROC curve for binary labels: the probability that a random positive scores
    /// above a random negative, ties counting one half. Computed exactly from average ranks
    /// (Mann-Whitney U): AUC = (sum of positive ranks - P(P+1)/2) / (P N), which equals the
    /// trapezoidal area under the ROC curve with tied scores forming one diagonal step.
    /// Nil when all labels are the same (the curve is undefined).
    public static func rocAUC(scores: [Float], positive: [Bool]) -> Double? {
        precondition(scores.count == positive.count, "rocAUC: \(scores.count) scores vs \(positive.count) labels")
        let positives = positive.filter { $0 }.count
        let negatives = positive.count - positives
        guard positives > 0 && negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            // Ranks start..end (0-based) share the average 1-based rank.
            let averageRank = Double(start + end) / 2 + 1
            for k in start...end where positive[order[k]] { positiveRankSum += averageRank }
            start = end + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * n)
    }

    /// ROC-AUC of a classifier's probabilities: for two classes, the AUC of class 1's probability;
    /// for more, the unweighted mean over classes of the one-vs-rest AUC of that class's column
    /// (scikit-learn's `multi_class="ovr", average="macro"`). Classes without both positives and
    /// negatives in `truth` are left out of the mean; nil when none is left.
    public static func rocAUC(probabilities: Matrix, truth: [Int]) -> Double? {
        precondition(probabilities.rows == truth.count, "rocAUC: \(probabilities.rows) rows vs \(truth.count) labels")
        let k = probabilities.cols
        func column(_ c: Int) -> [Float] { (0..<probabilities.rows).map { probabilities[$0, c] } }
        if k == 2 { return rocAUC(scores: column(1), positive: truth.map { $0 == 1 }) }
        let areas = (0..<k).compactMap { c in rocAUC(scores: column(c), positive: truth.map { $0 == c }) }
        guard !areas.isEmpty else { return nil }
        return areas.reduce(0, +) / Double(areas.count)
    }

    /// The index of the largest entry of each row (the first one on ties).
    public static func argmaxRows(_ m: Matrix) -> [Int] {
        (0..<m.rows).map { r in
            var best = 0
            for c in 1..<max(1, m.cols) where m[r, c] > m[r, best] { best = c }
            return best
        }
    }
}
