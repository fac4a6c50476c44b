import DojoNN
import DojoRandom
import Testing
@testable import DojoLearn

/// `perCluster` points around each centre, isotropic Gaussian with standard deviation `spread`.
func gaussianBlobs(centres: [[Float]], perCluster: Int, spread: Float,
                   using rng: inout SeededGenerator) -> (points: Matrix, labels: [Int]) {
    let d = centres[0].count
    var storage: [Float] = []
    var labels: [Int] = []
    for _ in 0..<perCluster {
        for (c, centre) in centres.enumerated() {
            for j in 0..<d { storage.append(centre[j] + spread * Float(rng.nextGaussian())) }
            labels.append(c)
        }
    }
    return (Matrix(rows: labels.count, cols: d, storage), labels)
}

@Suite("Unsupervised")
struct UnsupervisedTests {
    @Test("ARI matches hand calculation (4/7) and is 1 for renamed partitions")
    func adjustedRand() {
        // Contingency {(0,0): 2, (1,1): 1, (1,2): 1}: index 1, sum_a 2, sum_b 1, E = 2/6, max 3/2.
        #expect(abs(ClusterAgreement.adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) - 4.0 / 7) < 1e-12)
        #expect(ClusterAgreement.adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, 3, 3, 9]) == 1)
        // One group vs all singletons: index 0, E = 0, max 3 -> 0.
        #expect(ClusterAgreement.adjustedRandIndex([0, 0, 0], [0, 1, 2]) == 0)
    }

    @Test("purity counts the majority class of each cluster")
    func purity() {
        #expect(abs(ClusterAgreement.purity(clusters: [0, 0, 0, 1, 1, 1], classes: [0, 0, 1, 1, 1, 2]) - 4.0 / 6) < 1e-12)
    }

    @Test("k-means finds the optimum of a tiny 1-D problem")
    func tinyKMeans() {
        var rng = SeededGenerator(seed: 3)
        let result = KMeans(k: 2).fit(Matrix([[0], [1], [10], [11]]), using: &rng)
        #expect(abs(result.inertia - 1.0) < 1e-5)  // 0.25 * 4
        #expect(result.sizes == [2, 2])
        #expect(result.assignments[0] == result.assignments[1] && result.assignments[2] == result.assignments[3])
        #expect(result.assignments[0] != result.assignments[2])
    }

    @Test("k-means recovers well-separated blobs (ARI ~ 1)")
    func blobs() {
        var rng = SeededGenerator(seed: 11)
        let (points, labels) = gaussianBlobs(centres: [[0, 0, 0], [8, 0, 0], [0, 8, 0], [0, 0, 8]],
                                             perCluster: 60, spread: 1, using: &rng)
        let result = KMeans(k: 4, restarts: 5).fit(points, using: &rng)
        #expect(ClusterAgreement.adjustedRandIndex(result.assignments, labels) > 0.98)
        #expect(ClusterAgreement.purity(clusters: result.assignments, classes: labels) > 0.99)
        #expect(result.sizes.allSatisfy { abs($0 - 60) <= 3 })
    }

    @Test("PCA of axis-aligned data gives the axes, variances and ratios")
    func pcaAxes() throws {
        // Covariance diag(8/3, 2/3) with n - 1 = 3.
        let data = Matrix([[2, 0], [0, 1], [-2, 0], [0, -1]])
        let pca = try PCA(fitting: data, dimensions: 2)
        #expect(abs(pca.explainedVariance[0] - 8.0 / 3) < 1e-5 && abs(pca.explainedVariance[1] - 2.0 / 3) < 1e-5)
        #expect(abs(pca.explainedVarianceRatio[0] - 0.8) < 1e-6)
        #expect(abs(pca.components[0][0] - 1) < 1e-6 && abs(pca.components[0][1]) < 1e-6)
        let projected = pca.transform(Matrix([[2, 0], [0, -1]]))
        #expect(abs(projected[0, 0] - 2) < 1e-5 && abs(abs(projected[1, 1]) - 1) < 1e-5)
    }

    @Test("PCA finds a rotated main axis: (1,1)/sqrt 2 with variance 12")
    func pcaRotated() throws {
        // Covariance (1/3)[[20, 16], [16, 20]]: eigenvalues 12 on (1,1) and 4/3 on (1,-1).
        let points = Matrix([[3, 3], [-3, -3], [1, -1], [-1, 1]])
        let pca = try PCA(fitting: points, dimensions: 1)
        let s = Float(0.5).squareRoot()
        #expect(abs(pca.components[0][0] - s) < 1e-5 && abs(pca.components[0][1] - s) < 1e-5)
        #expect(abs(pca.explainedVariance[0] - 12) < 1e-4)
        #expect(abs(pca.explainedVarianceRatio[0] - 12 / (12 + 4.0 / 3)) < 1e-5)
        #expect(abs(pca.transform(Matrix([[1, 1]]))[0, 0] - 2 * s) < 1e-5)
    }
}
