import DojoAgents
import DojoNN
import DojoRL
import DojoScene

/// `dojo train --watch`: shows episode 1, K+1, 2K+1, ... of training in `dojo-viz` while the
/// trainer runs the others at full speed (`EpisodeWatcher` costs them one branch per step).
///
/// A shown episode runs at the visualizer's pace (sending blocks while it is behind). Each frame
/// is the environment's scene, with the online network's value/action overlay when the
/// environment draws one (`StateOverlayRenderable`), captioned "ID  episode E  step T  return R".
/// Once the window is closed or `dojo-viz` has died, no further episode is chosen and training
/// carries on headless; nothing here throws into the training loop.
final class TrainingWatch {
    let viz: VisualizerProcess
    let envID: String
    let every: Int

    /// Starts the visualizer for `envID`. Throws a one-line error when `env` cannot render
    /// (before anything is trained) or the visualizer cannot start (no display, not built).
    init<E: Environment>(env: E, envID: String, every: Int, fps: Double = 50, visualizer: String? = nil) throws {
        precondition(every >= 1, "TrainingWatch: every must be at least 1, got \(every)")
        guard env is any Renderable else {
            throw CommandError("--watch: environment '\(envID)' does not render (conform it to Renderable to watch it)")
        }
        self.envID = envID
        self.every = every
        viz = try userFacing {
            try VisualizerProcess(executable: visualizer ?? VisualizerProcess.locate(),
                                  arguments: ["--fps", "\(fps)", "--title", "dojo train \(envID)"])
        }
    }

    /// Whether training episode `episode` (1-based) is shown.
    func chooses(_ episode: Int) -> Bool {
        !viz.isClosed && (episode - 1) % every == 0
    }

    /// The watcher to install as `DQNTrainer.watcher`.
    func watcher<E: Environment>(for _: E.Type) -> EpisodeWatcher<E> {
        EpisodeWatcher(chooses: { [self] in chooses($0) },
                       observe: { [self] env, agent, episode, step, total in
                           show(env, network: agent.online, episode: episode, step: step, total: total)
                       })
    }

    private func show<E: Environment>(_ env: E, network: Sequential, episode: Int, step: Int, total: Double) {
        guard !viz.isClosed, let renderable = env as? any Renderable else { return }
        var scene = ValueOverlay.scene(of: renderable, network: network)
        scene.caption = "\(envID)  episode \(episode)  step \(step)  return \(formatReturn(total))"
        do {
            try viz.send(scene)
        } catch {
            // A scene that cannot be encoded (a non-finite coordinate): stop showing, keep training.
            viz.close()
        }
    }

    /// Lets the visualizer finish the frames it has and waits for it; its exit status does not
    /// matter to training.
    func close() { viz.close() }
}
