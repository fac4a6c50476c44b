import DojoRandom

extension Sequential {
    /// The metadata key under which the architecture line (see `architecture`) is stored.
    public static let architectureKey = "dojo.architecture"

    /// Saves the parameters as safetensors ("layers.<i>.weight" as [out, in], "layers.<i>.bias" as
    /// [out], PyTorch's `nn.Sequential` naming and layout) with `metadata` plus the architecture
    /// under "dojo.architecture", atomically (temporary file, then rename).
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        var meta = metadata
        meta[Self.architectureKey] = architecture
        var tensors: [(name: String, shape: [Int], matrix: Matrix)] = []
        for k in 0..<parameterTensorCount {
            let p = parameter(at: k)
            let shape = p.rows == 1 && parameterName(at: k).hasSuffix(".bias") ? [p.cols] : [p.rows, p.cols]
            tensors.append((parameterName(at: k), shape, p))
        }
        try SafetensorsFile.write(tensors, metadata: meta, to: path)
    }

    /// Rebuilds a network from a file written by `save`: the architecture from its metadata, the
    /// parameters from its tensors (every expected tensor must be present with the right shape,
    /// and no other). Returns the metadata without the architecture entry.
    public static func load(from path: String) throws -> (network: Sequential, metadata: [String: String]) {
        let (tensors, metadata) = try SafetensorsFile.read(from: path)
        guard let line = metadata[architectureKey] else {
            throw SafetensorsError.badArchitecture(path: path, reason: "no '\(architectureKey)' metadata entry")
        }
        var network = try Sequential(architecture: line, path: path, tensors: tensors)
        var seen = Set<String>()
        for k in 0..<network.parameterTensorCount {
            let name = network.parameterName(at: k)
            guard let tensor = tensors[name] else { throw SafetensorsError.missingTensor(path: path, tensor: name) }
            let p = network.parameter(at: k)
            let expected = p.rows == 1 && name.hasSuffix(".bias") ? [p.cols] : [p.rows, p.cols]
            guard tensor.shape == expected else {
                throw SafetensorsError.wrongTensorShape(path: path, tensor: name, expected: expected, found: tensor.shape)
            }
            network.withParameter(at: k) { w, _ in w.copy(from: tensor.matrix); w.reshape(rows: p.rows, cols: p.cols) }
            seen.insert(name)
        }
        if let extra = tensors.keys.sorted().first(where: { !seen.contains($0) }) {
            throw SafetensorsError.unexpectedTensor(path: path, tensor: extra)
        }
        var rest = metadata
        rest[architectureKey] = nil
        return (network, rest)
    }

    /// Builds a network (zero parameters) from an architecture line such as
    /// "dense:4:64,relu,dense:64:2". Each Dense layer's shape is checked against the stored
    /// tensors before the layer is allocated, so a damaged line ("dense:1048576:1048576") is a
    /// clear error instead of a multi-terabyte allocation that aborts the process.
    init(architecture line: String, path: String, tensors: [String: SafetensorsFile.Tensor]) throws {
        var layers: [any Layer] = []
        var rng = SeededGenerator(seed: 0)
        var width: Int? = nil
        for token in line.split(separator: ",").map(String.init) {
            let parts = token.split(separator: ":").map(String.init)
            let layer: any Layer
            if parts.first == "dense", parts.count == 3, let i = Int(parts[1]), let o = Int(parts[2]),
               i > 0, o > 0, i <= 1 << 20, o <= 1 << 20 {
                for (name, shape) in [("weight", [o, i]), ("bias", [o])] {
                    let key = "layers.\(layers.count).\(name)"
                    guard let stored = tensors[key] else { throw SafetensorsError.missingTensor(path: path, tensor: key) }
                    guard stored.shape == shape else {
                        throw SafetensorsError.wrongTensorShape(path: path, tensor: key, expected: shape, found: stored.shape)
                    }
                }
                layer = Dense(inputSize: i, outputSize: o, initializer: .zeros, using: &rng)
            } else if parts.first == "dropout", parts.count == 2, let r = Float(parts[1]), r >= 0, r < 1 {
                layer = Dropout(rate: r)
            } else if parts.first == "dueling", parts.count == 2, let a = Int(parts[1]), a > 0, a <= 1 << 20 {
                layer = DuelingAggregation(actions: a)
            } else if let activation = Activation(token: token) {
                layer = ActivationLayer(activation)
            } else {
                throw SafetensorsError.badArchitecture(path: path, reason: "unknown layer '\(token)'")
            }
            if let expected = layer.inputSize, let w = width, expected != w {
                throw SafetensorsError.badArchitecture(path: path, reason: "layer '\(token)' expects \(expected) inputs but gets \(w)")
            }
            if let w = width ?? layer.inputSize { width = layer.outputSize(forInputSize: w) }
            layers.append(layer)
        }
        guard width != nil else {
            throw SafetensorsError.badArchitecture(path: path, reason: "'\(line)' has no layer with a fixed input size")
        }
        self.init(layers: layers)
    }
}
