import DojoRL

/// Looks at chosen training episodes step by step, for instance to draw them in a visualizer,
/// while the others run untouched: `DQNTrainer` asks `chooses` once per episode, before its
/// reset, and afterwards pays one branch per step for an episode that was not chosen.
///
/// For a chosen episode, `observe` is called after the reset (step 0, return 0) and after every
/// step, with the environment as it is then, the agent (its networks are the ones acting), and
/// the episode's 1-based number, steps taken and return so far.
/// Neither closure may throw; a watcher that can no longer show anything (a closed window)
/// simply stops choosing episodes.
public struct EpisodeWatcher<E: Environment> {
    public var chooses: (_ episode: Int) -> Bool
    public var observe: (_ env: E, _ agent: DQN, _ episode: Int, _ step: Int, _ episodeReturn: Double) -> Void

    public init(chooses: @escaping (_ episode: Int) -> Bool,
                observe: @escaping (_ env: E, _ agent: DQN, _ episode: Int, _ step: Int, _ episodeReturn: Double) -> Void) {
        self.chooses = chooses
        self.observe = observe
    }
}
