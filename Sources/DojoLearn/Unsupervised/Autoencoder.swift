import DojoNN
import DojoRandom

/// An MLP autoencoder on standardized features: encoder d -> hidden -> code (linear), decoder
/// code -> hidden -> d (linear), trained to reproduce its input under MSE. The code layer's output
/// is the embedding; the per-row squared reconstruction error `sum_j (x_j - x̂_j)^2` (in
/// standardized units) flags rows unlike the training data.
public struct Autoencoder {
    /// Encoder and decoder as one network; `codeLayer` indexes the layer whose output is the code.
    public var network: Sequential
    public var codeLayer: Int
    public var standardizer: Standardizer

    /// Builds and trains an autoencoder with a `dimensions`-wide code and the given hidden widths
    /// (mirrored in the decoder). Early stopping uses `validation` rows when given.
    public static func fit(
        _ data: Matrix, dimensions: Int, hidden: [Int] = [64], validation: Matrix? = nil,
        settings: TrainingSettings, using rng: inout SeededGenerator,
        progress: ((EpochReport) -> Void)? = nil
    ) throws -> (model: Autoencoder, history: TrainingHistory) {
        try settings.validate()
        guard dimensions >= 1 else { throw SettingsError("code dimension must be at least 1, got \(dimensions)") }
        let d = data.cols
        let widths = [d] + hidden + [dimensions]
        var layers: [any Layer] = []
        for i in 0..<(widths.count - 1) {
            layers.append(Dense(inputSize: widths[i], outputSize: widths[i + 1], initializer: settings.initializer, using: &rng))
            if i < widths.count - 2 { layers.append(ActivationLayer(settings.activation)) }
        }
        let codeLayer = layers.count - 1
        let back = Array(widths.reversed())
        for i in 0..<(back.count - 1) {
            layers.append(Dense(inputSize: back[i], outputSize: back[i + 1], initializer: settings.initializer, using: &rng))
            if i < back.count - 2 { layers.append(ActivationLayer(settings.activation)) }
        }
        var network = Sequential(layers: layers)
        let standardizer = Standardizer(fitting: data)
        let inputs = standardizer.transform(data)
        let validationInputs = validation.map { standardizer.transform($0) }
        let history = NetworkTrainer.train(
            &network, loss: .mse, inputs: inputs, targets: inputs,
            validation: validationInputs.map { ($0, $0) }, settings: settings, using: &rng, progress: progress)
        return (Autoencoder(network: network, codeLayer: codeLayer, standardizer: standardizer), history)
    }

    /// The code (n x dimensions) of each raw feature row.
    public mutating func embed(_ data: Matrix) -> Matrix {
        let inputs = standardizer.transform(data)
        var codes = Matrix(rows: 0, cols: 0)
        var start = 0
        while start < inputs.rows {
            let end = min(start + 1024, inputs.rows)
            network.forward(inputs.gatherRows(start..<end), training: false)
            let code = network.layers[codeLayer].output
            if codes.cols == 0 { codes = Matrix(rows: inputs.rows, cols: code.cols) }
            for i in 0..<code.count { codes.storage[start * code.cols + i] = code.storage[i] }
            start = end
        }
        return codes
    }

    /// The squared reconstruction error of each raw feature row, in standardized units.
    public mutating func reconstructionErrors(_ data: Matrix) -> [Float] {
        let inputs = standardizer.transform(data)
        let outputs = NetworkTrainer.predict(&network, inputs)
        let d = inputs.cols
        return (0..<inputs.rows).map { r in
            var sum: Float = 0
            for j in 0..<d { let e = outputs.storage[r * d + j] - inputs.storage[r * d + j]; sum += e * e }
            return sum
        }
    }
}
