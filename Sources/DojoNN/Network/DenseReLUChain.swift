/// A network read as the inference copies take it (`TransposedInference`, `SingleInference`):
/// Dense layers, each followed by at most one ReLU, and at most a dueling head at the end.
struct DenseReLUChain {
    /// The Dense layers in order, each with whether a ReLU follows it.
    var layers: [(dense: Dense, relu: Bool)] = []
    /// The dueling head's actions, when the network ends with one.
    var duelingActions: Int?

    /// Nil when `network` is not such a chain.
    init?(_ network: Sequential) {
        for layer in network.layers {
            if duelingActions != nil { return nil }
            if let head = layer as? DuelingAggregation, let last = layers.last, last.dense.outputSize == head.actions + 1 {
                duelingActions = head.actions
            } else if let dense = layer as? Dense {
                layers.append((dense, false))
            } else if (layer as? ActivationLayer)?.activation == .relu, let last = layers.last, !last.relu {
                layers[layers.count - 1].relu = true
            } else {
                return nil
            }
        }
        if layers.isEmpty { return nil }
    }

    var inputSize: Int { layers[0].dense.weight.cols }
    /// The network's outputs: the head's Q values, or the last Dense layer's.
    var outputSize: Int { duelingActions ?? layers[layers.count - 1].dense.outputSize }
}
