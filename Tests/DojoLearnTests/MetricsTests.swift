import DojoNN
import Foundation
import Testing
@testable import DojoLearn

private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

@Suite("Classification metrics")
struct ClassificationMetricsTests {
    // truth     0 0 1 1 2 2
    // predicted 0 1 1 1 2 0
    let cm = ConfusionMatrix(truth: [0, 0, 1, 1, 2, 2], predicted: [0, 1, 1, 1, 2, 0], classCount: 3)

    @Test("confusion matrix counts (truth, prediction) pairs")
    func counts() {
        #expect(cm.counts == [[1, 1, 0], [0, 2, 0], [1, 0, 1]])
        #expect(cm.total == 6)
    }

    @Test("accuracy, per-class and macro precision/recall/F1 match hand calculation")
    func scores() {
        #expect(close(cm.accuracy, 4.0 / 6))
        #expect(close(ClassificationMetrics.accuracy(truth: [0, 0, 1, 1, 2, 2], predicted: [0, 1, 1, 1, 2, 0]), 4.0 / 6))
        #expect(close(cm.precision(of: 0), 1.0 / 2) && close(cm.precision(of: 1), 2.0 / 3) && close(cm.precision(of: 2), 1))
        #expect(close(cm.recall(of: 0), 1.0 / 2) && close(cm.recall(of: 1), 1) && close(cm.recall(of: 2), 1.0 / 2))
        #expect(close(cm.f1(of: 0), 0.5) && close(cm.f1(of: 1), 0.8) && close(cm.f1(of: 2), 2.0 / 3))
        #expect(close(cm.macroPrecision, (0.5 + 2.0 / 3 + 1) / 3))
        #expect(close(cm.macroRecall, (0.5 + 1 + 0.5) / 3))
        #expect(close(cm.macroF1, (0.5 + 0.8 + 2.0 / 3) / 3))
    }

    @Test("a class never predicted and never true is left out of macro averages")
    func absentClass() {
        let m = ConfusionMatrix(truth: [0, 1], predicted: [0, 0], classCount: 3)
        // class 0: P = 1/2, R = 1, F1 = 2/3; class 1: all 0; class 2 absent.
        #expect(m.presentClasses == [0, 1])
        #expect(close(m.macroF1, (2.0 / 3) / 2))
    }

    @Test("binary ROC-AUC without ties (scikit-learn's doc example)")
    func rocAUCNoTies() {
        #expect(close(ClassificationMetrics.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true]), 0.75))
    }

    @Test("tied scores count one half per positive-negative pair", arguments: [
        // pos 0.5 vs neg {0.1: 1, 0.5: 1/2}, pos 0.9 vs both: 2 -> 3.5 / 4
        ([0.1, 0.5, 0.5, 0.9] as [Float], [false, false, true, true], 0.875),
        ([0.5, 0.5, 0.5, 0.5] as [Float], [false, true, false, true], 0.5),
        // pos {0.3, 0.3} vs neg {0.3, 0.2, 0.3}: each pos beats 0.2 (1) and ties two (1/2 + 1/2) -> 4 / 6
        ([0.3, 0.3, 0.3, 0.2, 0.3] as [Float], [true, true, false, false, false], 4.0 / 6),
        ([0.9, 0.8, 0.1] as [Float], [false, false, true], 0.0),
    ])
    func rocAUCTies(scores: [Float], positive: [Bool], expected: Double) {
        #expect(close(ClassificationMetrics.rocAUC(scores: scores, positive: positive), expected))
    }

    @Test("ROC-AUC is undefined with one class only")
    func rocAUCOneClass() {
        #expect(ClassificationMetrics.rocAUC(scores: [0.1, 0.2], positive: [true, true]) == nil)
    }

    @Test("one-vs-rest ROC-AUC is the mean of per-class AUCs")
    func rocAUCOneVsRest() {
        let p = Matrix([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.2, 0.2, 0.6], [0.3, 0.5, 0.2]])
        // class 0: 1; class 1: pos 0.5 vs {0.3, 0.2, 0.5} = 2.5/3; class 2: 1
        #expect(close(ClassificationMetrics.rocAUC(probabilities: p, truth: [0, 1, 2, 0]), (1 + 2.5 / 3 + 1) / 3, 1e-7))
        let binary = Matrix([[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]])
        #expect(close(ClassificationMetrics.rocAUC(probabilities: binary, truth: [0, 0, 1, 1]), 0.75))
    }

    @Test("log loss is the mean negative log-probability of the truth, clipped")
    func logLoss() {
        let p = Matrix([[0.8, 0.2], [0.4, 0.6]])
        let expected = -(log(Double(Float(0.8))) + log(Double(Float(0.6)))) / 2  // about 0.36698
        #expect(close(ClassificationMetrics.logLoss(probabilities: p, truth: [0, 1]), expected, 1e-12))
        #expect(close(ClassificationMetrics.logLoss(probabilities: Matrix([[0, 1]]), truth: [0]), -log(1e-15), 1e-9))
    }

    @Test("argmax takes the first maximum")
    func argmax() {
        #expect(ClassificationMetrics.argmaxRows(Matrix([[0.2, 0.5, 0.5], [0.9, 0.1, 0]])) == [1, 0])
    }
}

@Suite("Regression metrics")
struct RegressionMetricsTests {
    @Test("MSE, MAE and R^2 match hand calculation")
    func scores() {
        let prediction: [Float] = [1, 2, 3], target: [Float] = [1, 3, 5]
        #expect(close(RegressionMetrics.meanSquaredError(prediction: prediction, target: target), 5.0 / 3))
        #expect(close(RegressionMetrics.meanAbsoluteError(prediction: prediction, target: target), 1))
        // mean 3, SS_tot = 8, SS_res = 0 + 1 + 4 = 5
        #expect(close(RegressionMetrics.r2(prediction: prediction, target: target), 1 - 5.0 / 8))
        // SS_res = 16 + 4 + 0 = 20: worse than the mean, R^2 = -1.5
        #expect(close(RegressionMetrics.r2(prediction: [5, 5, 5], target: target), -1.5))
    }

    @Test("R^2 of a constant target is 1 when exact, 0 otherwise")
    func constantTarget() {
        #expect(RegressionMetrics.r2(prediction: [2, 2], target: [2, 2]) == 1)
        #expect(RegressionMetrics.r2(prediction: [2, 3], target: [2, 2]) == 0)
    }
}
