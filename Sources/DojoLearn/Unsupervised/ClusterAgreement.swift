/// How well a clustering matches known classes.
public enum ClusterAgreement {
    /// Adjusted Rand index (Hubert and Arabie, 1985): the Rand index corrected for chance,
    ///
    ///     ARI = (sum_ij C(n_ij, 2) - E) / ((sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2 - E),
    ///     E = sum_i C(a_i, 2) * sum_j C(b_j, 2) / C(n, 2),
    ///
    /// where n_ij counts points in class i and cluster j, a_i and b_j are the row and column sums.
    /// 1 for identical partitions (up to renaming), about 0 for random ones, possibly negative.
    /// Two partitions that each put everything in one group, or each point alone, score 1.
    public static func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
        precondition(a.count == b.count, "adjustedRandIndex: \(a.count) vs \(b.count) labels")
        let n = a.count
        guard n > 1 else { return 1 }
        var table: [Pair: Int] = [:]
        var rowSums: [Int: Int] = [:], colSums: [Int: Int] = [:]
        for (x, y) in zip(a, b) {
            table[Pair(x: x, y: y), default: 0] += 1
            rowSums[x, default: 0] += 1
            colSums[y, default: 0] += 1
        }
        func pairs(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
        let index = table.values.reduce(0.0) { $0 + pairs($1) }
        let sumA = rowSums.values.reduce(0.0) { $0 + pairs($1) }
        let sumB = colSums.values.reduce(0.0) { $0 + pairs($1) }
        let expected = sumA * sumB / pairs(n)
        let maximum = (sumA + sumB) / 2
        if maximum == expected { return 1 }
        return (index - expected) / (maximum - expected)
    }

    /// Purity: each cluster votes for its most common class; the fraction of points that agree
    /// with their cluster's vote. `(1/n) sum_clusters max_class n_ij`.
    public static func purity(clusters: [Int], classes: [Int]) -> Double {
        precondition(clusters.count == classes.count, "purity: \(clusters.count) vs \(classes.count) labels")
        guard !clusters.isEmpty else { return 0 }
        var table: [Pair: Int] = [:]
        for (c, y) in zip(clusters, classes) { table[Pair(x: c, y: y), default: 0] += 1 }
        var bestPerCluster: [Int: Int] = [:]
        for (pair, count) in table { bestPerCluster[pair.x] = max(bestPerCluster[pair.x] ?? 0, count) }
        return Double(bestPerCluster.values.reduce(0, +)) / Double(clusters.count)
    }

    private struct Pair: Hashable { var x: Int; var y: Int }
}
