/// Scores of regressors. All sums run in Double.
public enum RegressionMetrics {
    /// `(1/n) sum (y_hat - y)^2`.
    public static func meanSquaredError(prediction: [Float], target: [Float]) -> Double {
        check(prediction, target)
        guard !target.isEmpty else { return 0 }
        return zip(prediction, target).reduce(0.0) { sum, pair in
            let d = Double(pair.0) - Double(pair.1)
            return sum + d * d
        } / Double(target.count)
    }

    /// `(1/n) sum |y_hat - y|`.
    public static func meanAbsoluteError(prediction: [Float], target: [Float]) -> Double {
        check(prediction, target)
        guard !target.isEmpty else { return 0 }
        return zip(prediction, target).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(target.count)
    }

    /// Coefficient of determination `1 - SS_res / SS_tot` with `SS_tot = sum (y - mean y)^2`.
    /// Can be negative (worse than predicting the mean). For a constant target (SS_tot = 0) it is
    /// 1 when the predictions are exact and 0 otherwise, as in scikit-learn.
    public static func r2(prediction: [Float], target: [Float]) -> Double {
        check(prediction, target)
        guard !target.isEmpty else { return 0 }
        let mean = target.reduce(0.0) { $0 + Double($1) } / Double(target.count)
        var residual = 0.0, totalSquares = 0.0
        for (p, y) in zip(prediction, target) {
            residual += (Double(p) - Double(y)) * (Double(p) - Double(y))
            totalSquares += (Double(y) - mean) * (Double(y) - mean)
        }
        if totalSquares == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / totalSquares
    }

    private static func check(_ prediction: [Float], _ target: [Float]) {
        precondition(prediction.count == target.count,
                     "regression metric: \(prediction.count) predictions vs \(target.count) targets")
    }
}
