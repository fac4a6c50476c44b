import DojoNN
import DojoRandom

/// k-means clustering (Lloyd's algorithm) with k-means++ seeding and several restarts.
///
/// Minimises the inertia `sum_i ||x_i - c_{a(i)}||^2`. Each restart seeds centroids by k-means++
/// (Arthur and Vassilvitskii, 2007: the first centroid uniformly, each next one with probability
/// proportional to the squared distance to the nearest centroid so far), then alternates
/// assignment and mean updates until no point changes cluster, the centroids move less than
/// `tolerance` times the mean feature variance (scikit-learn's rule), or `maxIterations`. The
/// restart with the lowest inertia wins. Distances come from one sgemm per iteration:
/// `||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2`.
public struct KMeans: Sendable {
    public var k: Int
    public var restarts: Int
    public var maxIterations: Int
    public var tolerance: Double

    public init(k: Int, restarts: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4) {
        precondition(k >= 1, "KMeans: k must be at least 1, got \(k)")
        precondition(restarts >= 1, "KMeans: need at least one restart, got \(restarts)")
        self.k = k
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// A fitted clustering.
    public struct Result: Sendable {
        /// k x d, row j is the centre of cluster j.
        public var centroids: Matrix
        /// The cluster of each row of the data.
        public var assignments: [Int]
        /// Sum of squared distances of points to their centroid.
        public var inertia: Double
        public var iterations: Int

        /// Points per cluster.
        public var sizes: [Int] {
            var sizes = [Int](repeating: 0, count: centroids.rows)
            for a in assignments { sizes[a] += 1 }
            return sizes
        }
    }

    /// Clusters the rows of `data` (n >= k).
    public func fit(_ data: Matrix, using rng: inout SeededGenerator) -> Result {
        precondition(data.rows >= k, "KMeans: \(data.rows) points cannot form \(k) clusters")
        let rowNorms = Self.squaredRowNorms(data)
        let threshold = tolerance * Self.meanVariance(data)
        var best: Result?
        for _ in 0..<restarts {
            var centroids = seedPlusPlus(data, rowNorms: rowNorms, using: &rng)
            let result = lloyd(data, rowNorms: rowNorms, centroids: &centroids, threshold: threshold, using: &rng)
            if best == nil || result.inertia < best!.inertia { best = result }
        }
        return best!
    }

    /// The nearest centroid of each row of `data`, with the squared distance to it.
    public static func assign(_ data: Matrix, to centroids: Matrix) -> (clusters: [Int], distances: [Float]) {
        nearest(data, rowNorms: squaredRowNorms(data), centroids: centroids)
    }

    func seedPlusPlus(_ data: Matrix, rowNorms: [Float], using rng: inout SeededGenerator) -> Matrix {
        let n = data.rows
        var chosen = [rng.nextIndex(below: n)]
        var closest = [Float](repeating: .infinity, count: n)
        while chosen.count < k {
            let last = data.gatherRows([chosen.last!])
            let (_, d) = Self.nearest(data, rowNorms: rowNorms, centroids: last)
            var total = 0.0
            for i in 0..<n {
                closest[i] = min(closest[i], d[i])
                total += Double(closest[i])
            }
            guard total > 0 else {
                // Fewer distinct points than k: any unused row will do.
                chosen.append((0..<n).first { !chosen.contains($0) } ?? 0)
                continue
            }
            var target = rng.nextUnitDouble() * total
            var pick = n - 1
            for i in 0..<n {
                target -= Double(closest[i])
                if target < 0 { pick = i; break }
            }
            chosen.append(pick)
        }
        return data.gatherRows(chosen)
    }

    func lloyd(_ data: Matrix, rowNorms: [Float], centroids: inout Matrix, threshold: Double,
               using rng: inout SeededGenerator) -> Result {
        let n = data.rows, d = data.cols
        var assignments = [Int](repeating: -1, count: n)
        var distances = [Float](repeating: 0, count: n)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let (clusters, dist) = Self.nearest(data, rowNorms: rowNorms, centroids: centroids)
            let changed = clusters != assignments
            assignments = clusters
            distances = dist
            if !changed { break }
            // Mean update in Double; an emptied cluster takes the point farthest from its centroid.
            var sums = [Double](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                let c = assignments[i]
                counts[c] += 1
                for j in 0..<d { sums[c * d + j] += Double(data.storage[i * d + j]) }
            }
            var updated = centroids
            for c in 0..<k {
                if counts[c] == 0 {
                    let far = distances.indices.max { distances[$0] < distances[$1] } ?? 0
                    distances[far] = 0
                    for j in 0..<d { updated[c, j] = data[far, j] }
                } else {
                    for j in 0..<d { updated[c, j] = Float(sums[c * d + j] / Double(counts[c])) }
                }
            }
            var shift = 0.0
            for i in 0..<updated.count {
                let delta = Double(updated.storage[i]) - Double(centroids.storage[i])
                shift += delta * delta
            }
            centroids = updated
            if shift <= threshold {
                (assignments, distances) = Self.nearest(data, rowNorms: rowNorms, centroids: centroids)
                break
            }
        }
        let inertia = distances.reduce(0.0) { $0 + Double($1) }
        return Result(centroids: centroids, assignments: assignments, inertia: inertia, iterations: iterations)
    }

    static func nearest(_ data: Matrix, rowNorms: [Float], centroids: Matrix) -> (clusters: [Int], distances: [Float]) {
        let n = data.rows, k = centroids.rows
        var dots = Matrix(rows: n, cols: k)
        Matrix.gemm(data, centroids, transposeB: true, into: &dots)
        let centroidNorms = squaredRowNorms(centroids)
        var clusters = [Int](repeating: 0, count: n)
        var distances = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var best = 0
            var bestDistance = Float.infinity
            for c in 0..<k {
                let distance = rowNorms[i] - 2 * dots.storage[i * k + c] + centroidNorms[c]
                if distance < bestDistance { bestDistance = distance; best = c }
            }
            clusters[i] = best
            distances[i] = max(0, bestDistance)  // rounding can push an exact match below zero
        }
        return (clusters, distances)
    }

    static func squaredRowNorms(_ m: Matrix) -> [Float] {
        (0..<m.rows).map { r in
            var s: Float = 0
            for c in 0..<m.cols { let v = m.storage[r * m.cols + c]; s += v * v }
            return s
        }
    }

    static func meanVariance(_ m: Matrix) -> Double {
        guard m.rows > 0, m.cols > 0 else { return 0 }
        let scaler = Standardizer(fitting: m)
        // Standardizer replaces zero stds by 1; undo that so constant columns count as 0.
        var total = 0.0
        for c in 0..<m.cols {
            var sum = 0.0
            for r in 0..<m.rows { let d = Double(m[r, c]) - Double(scaler.means[c]); sum += d * d }
            total += sum / Double(m.rows)
        }
        return total / Double(m.cols)
    }
}
