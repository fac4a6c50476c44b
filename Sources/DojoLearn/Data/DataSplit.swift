import DojoRandom

/// Row indices of a train / validation / test split.
public struct DataSplit: Equatable, Sendable {
    public var train: [Int]
    public var validation: [Int]
    public var test: [Int]

    /// Splits `count` rows at random. With `classes` (one class index per row) the split is
    /// stratified: each class is divided in the same proportions, so every part sees every class
    /// that has enough rows. Per class, `round(n_c * testFraction)` rows go to test and
    /// `round(n_c * validationFraction)` to validation, the rest to train. Each part is returned
    /// in ascending row order; the same seed gives the same split.
    public init(count: Int, classes: [Int]? = nil, validationFraction: Double, testFraction: Double,
                using rng: inout SeededGenerator) {
        precondition(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1,
                     "DataSplit: fractions \(validationFraction) + \(testFraction) must be in [0, 1)")
        precondition(classes == nil || classes?.count == count,
                     "DataSplit: \(classes?.count ?? 0) class labels for \(count) rows")
        var groups: [[Int]]
        if let classes {
            let classCount = (classes.max() ?? -1) + 1
            groups = Array(repeating: [], count: classCount)
            for (row, c) in classes.enumerated() { groups[c].append(row) }
        } else {
            groups = [Array(0..<count)]
        }
        train = []; validation = []; test = []
        for var group in groups where !group.isEmpty {
            group.shuffle(using: &rng)
            let n = Double(group.count)
            let nTest = Int((n * testFraction).rounded())
            let nValidation = min(Int((n * validationFraction).rounded()), group.count - nTest)
            test += group[0..<nTest]
            validation += group[nTest..<(nTest + nValidation)]
            train += group[(nTest + nValidation)...]
        }
        train.sort(); validation.sort(); test.sort()
    }
}
