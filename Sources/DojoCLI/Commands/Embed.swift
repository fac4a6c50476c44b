import ArgumentParser
import DojoLearn
import DojoNN
import DojoRandom

/// `dojo embed`: a low-dimensional embedding of CSV rows (PCA or an autoencoder), as CSV and SVG.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed the rows of a CSV file in a few dimensions (PCA or autoencoder).",
        discussion: """
            Features are standardized first. Writes the embedding as CSV (columns dim_1..dim_N, plus \
            the label column with --label) and a scatter plot of the first two dimensions as SVG.
            """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case pca, autoencoder }

    @Option(help: "CSV file with a header row.")
    var data: String

    @Option(help: "pca or autoencoder.")
    var method: Method = .pca

    @Option(help: "Embedding dimensions.")
    var dim: Int = 2

    @Option(help: "Output CSV file.")
    var out: String

    @Option(help: "Output SVG scatter plot (default: the CSV path with .svg).")
    var svg: String?

    @Option(help: "A label column to leave out of the features, copy to the output and colour by.")
    var label: String?

    @OptionGroup var network: NetworkOptions

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    func validate() throws {
        if dim < 1 { throw ValidationError("--dim must be at least 1") }
    }

    /// Where the plot goes: --svg, else the CSV path with .svg for .csv.
    var svgPath: String { svg ?? (out.hasSuffix(".csv") ? String(out.dropLast(4)) : out) + ".svg" }

    /// Both outputs must be writable places before any work, so a bad --svg cannot fail the
    /// command after the CSV is already written.
    func checkOutputs() throws {
        for (flag, path) in [("--out", out), ("--svg", svgPath)] where dim >= 2 || flag == "--out" {
            if FileSystem.isDirectory(path) { throw CommandError("\(flag) '\(path)' is a directory; give a file name") }
            let parent = AtomicFile.parentDirectory(of: path)
            guard FileSystem.isDirectory(parent) else {
                throw CommandError("cannot write '\(path)': no directory '\(parent)'")
            }
        }
    }

    func run() throws {
        try checkOutputs()
        let dataSet = try inDataFile(data) { try DataSet(contentsOf: data, label: label) }
        guard dim <= dataSet.featureNames.count || method == .autoencoder else {
            throw CommandError("--dim \(dim) is more than the \(dataSet.featureNames.count) features")
        }
        let standardized = Standardizer(fitting: dataSet.features).transform(dataSet.features)
        var rng = SeededGenerator(seed: seed)
        let embedding: Matrix
        var note = ""
        switch method {
        case .pca:
            guard dataSet.count >= 2 else { throw CommandError("PCA needs at least two rows") }
            let pca = try userFacing { try PCA(fitting: standardized, dimensions: dim) }
            embedding = pca.transform(standardized)
            let explained = pca.explainedVarianceRatio.reduce(0, +)
            note = "explained variance \(LearnOutput.number(explained * 100, digits: 1))%"
        case .autoencoder:
            var settings = try network.settings()
            settings.patience = nil
            var (autoencoder, history) = try userFacing {
                try Autoencoder.fit(dataSet.features, dimensions: dim, hidden: settings.hidden,
                                    settings: settings, using: &rng)
            }
            embedding = autoencoder.embed(dataSet.features)
            note = "reconstruction MSE \(LearnOutput.number(history.trainLoss.last.map { $0 / Double(dataSet.featureNames.count) }))"
        }
        var lines = [((1...dim).map { "dim_\($0)" } + (label.map { [$0] } ?? [])).joined(separator: ",")]
        for r in 0..<embedding.rows {
            var fields = embedding.row(r).map { String($0) }
            if let labels = dataSet.labels { fields.append(labels[r]) }
            lines.append(fields.joined(separator: ","))
        }
        try LearnOutput.writeAtomically(lines.joined(separator: "\n") + "\n", to: out)
        var outputs = [out]
        if dim >= 2 {
            var groups: [Int]?
            var names: [String] = []
            if let labels = dataSet.labels {
                let encoding = ClassEncoding(fitting: labels)
                groups = try userFacing { try encoding.encode(labels) }
                names = encoding.names.count <= 20 ? encoding.names : []
            }
            let picture = ScatterPlot.svg(points: embedding, groups: groups, groupNames: names,
                                          title: "\(method.rawValue) of \(data)")
            try LearnOutput.writeAtomically(picture, to: svgPath)
            outputs.append(svgPath)
        }
        print("\(method.rawValue): \(dataSet.count) rows -> \(dim) dimensions, \(note); wrote \(outputs.joined(separator: ", "))")
    }
}
