import DojoNN
import DojoRandom

/// Builds the Q-network a configuration asks for: an MLP from observation features to one
/// value per action, or, with `dueling`, to [V | A_1..A_n] followed by the dueling aggregation
/// Q = V + A − mean(A) (Wang et al. 2016, eq. 9).
public enum QNetwork {
    public static func make(config: DQNConfig, observationSize: Int, actionCount: Int,
                            using rng: inout SeededGenerator) -> Sequential {
        let outputs = config.dueling ? actionCount + 1 : actionCount
        let sizes = [observationSize] + config.hiddenLayers + [outputs]
        // PyTorch's default init: the zoo presets were tuned with it (see Initializer.pytorchDefault).
        let mlp = Sequential.mlp(sizes: sizes, activation: config.activation.activation,
                                 initializer: .pytorchDefault, using: &rng)
        guard config.dueling else { return mlp }
        return Sequential(layers: mlp.layers + [DuelingAggregation(actions: actionCount)])
    }
}
