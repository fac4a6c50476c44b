import ArgumentParser
import DojoLearn
import DojoNN
import DojoRandom

/// `dojo cluster`: k-means on standardized CSV features, optionally on autoencoder codes.
struct Cluster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Cluster the rows of a CSV file with k-means (k-means++ seeding, best of several restarts).",
        discussion: """
            Features are standardized first. With --label, that column is left out of the features \
            and used to score the clustering (adjusted Rand index and purity).
            """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case kmeans
        case autoencoderKMeans = "autoencoder+kmeans"
    }

    @Option(help: "CSV file with a header row.")
    var data: String

    @Option(help: "Number of clusters (default: the number of classes with --label, else 8).")
    var k: Int?

    @Option(help: "kmeans, or autoencoder+kmeans (k-means on autoencoder codes).")
    var method: Method = .kmeans

    @Option(help: "A label column to leave out of the features and score against.")
    var label: String?

    @Option(help: "k-means restarts; the lowest inertia wins.")
    var restarts: Int = 10

    @Option(help: "Autoencoder code width (autoencoder+kmeans).")
    var dim: Int = 8

    @OptionGroup var network: NetworkOptions

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Flag(help: "Print one JSON object (inertia, sizes, ari, purity).")
    var json = false

    func validate() throws {
        if let k, k < 1 { throw ValidationError("--k must be at least 1") }
        if restarts < 1 { throw ValidationError("--restarts must be at least 1") }
        if dim < 1 { throw ValidationError("--dim must be at least 1") }
    }

    func run() throws {
        let dataSet = try inDataFile(data) { try DataSet(contentsOf: data, label: label) }
        var classIndices: [Int]?
        if let labels = dataSet.labels {
            classIndices = try userFacing { try ClassEncoding(fitting: labels).encode(labels) }
        }
        let clusters = k ?? classIndices.map { ($0.max() ?? 0) + 1 } ?? 8
        guard clusters <= dataSet.count else {
            throw CommandError("--k \(clusters) is more than the \(dataSet.count) rows")
        }
        var rng = SeededGenerator(seed: seed)
        var points = Standardizer(fitting: dataSet.features).transform(dataSet.features)
        if method == .autoencoderKMeans {
            var settings = try network.settings()
            settings.patience = nil
            var (autoencoder, _) = try userFacing {
                try Autoencoder.fit(dataSet.features, dimensions: dim, hidden: settings.hidden,
                                    settings: settings, using: &rng)
            }
            points = autoencoder.embed(dataSet.features)
        }
        let result = KMeans(k: clusters, restarts: restarts).fit(points, using: &rng)
        var output: [String: Any?] = ["k": clusters, "inertia": result.inertia, "sizes": result.sizes,
                                      "method": method.rawValue]
        if let classIndices {
            output["ari"] = ClusterAgreement.adjustedRandIndex(result.assignments, classIndices)
            output["purity"] = ClusterAgreement.purity(clusters: result.assignments, classes: classIndices)
        }
        if json {
            print(try LearnOutput.json(output))
        } else {
            print("k-means (\(method.rawValue)), k = \(clusters), \(dataSet.count) rows")
            print("  inertia \(LearnOutput.number(result.inertia))")
            print("  sizes   \(result.sizes.map(String.init).joined(separator: " "))")
            if let ari = output["ari"] as? Double, let purity = output["purity"] as? Double {
                print("  ARI     \(LearnOutput.number(ari))")
                print("  purity  \(LearnOutput.number(purity))")
            }
        }
    }
}
