import DojoRL

/// The environments Dojo ships, as registry entries.
public enum BuiltinEnvironments {
    public static var specs: [EnvironmentSpec] {
        [
            EnvironmentSpec(id: "CartPole-v1",
                            summary: "Balance a pole on a cart (Gymnasium CartPole-v1)",
                            maxEpisodeSteps: 500, rewardThreshold: 475) { _ in CartPole() },
        ] + GridWorld.builtinSpecs
    }
}
