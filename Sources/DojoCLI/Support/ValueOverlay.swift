import DojoAgents
import DojoNN
import DojoRL
import DojoScene

/// A Q-network's view of every state of an environment that draws overlays
/// (`StateOverlayRenderable`): V(s) = max_a Q(s, a) and π(s) = argmax_a Q(s, a) (first maximum on
/// ties), from one batched forward pass over all states' encoded observations.
struct ValueOverlay: Equatable {
    var values: [Float]
    var greedyActions: [Int]

    /// The overlay of `network` over `env`'s states, or nil when the network does not fit the
    /// environment (its input is not the observation's feature count, or its output is not the
    /// number of discrete actions).
    static func compute<E: StateOverlayRenderable>(_ env: E, network: Sequential) -> ValueOverlay? {
        let states = env.overlayStateCount
        guard states > 0, let features = env.observationSpace.featureCount, features == network.inputSize,
              let actions = env.actionSpace.discreteCount, actions == network.outputSize else { return nil }
        var input = Matrix(rows: states, cols: features)
        let space = env.observationSpace
        input.storage.withUnsafeMutableBufferPointer { all in
            for s in 0..<states {
                let row = UnsafeMutableBufferPointer(rebasing: all[(s * features)..<((s + 1) * features)])
                space.encode(env.overlayObservation(ofState: s), into: row)
            }
        }
        var network = network
        let q = network.forward(input)
        var overlay = ValueOverlay(values: [], greedyActions: [])
        overlay.values.reserveCapacity(states)
        overlay.greedyActions.reserveCapacity(states)
        for s in 0..<states {
            var best = 0
            for a in 1..<actions where q[s, a] > q[s, best] { best = a }
            overlay.values.append(q[s, best])
            overlay.greedyActions.append(best)
        }
        return overlay
    }

    /// `env`'s scene with the overlay of `network` if `env` draws overlays and the network fits,
    /// else its plain scene.
    static func scene<E: Renderable>(of env: E, network: Sequential?) -> Scene {
        guard let network, let overlaid = env as? any StateOverlayRenderable,
              let overlay = compute(overlaid, network: network) else { return env.render() }
        return overlay.scene(of: overlaid)
    }

    /// `env`'s scene with this overlay (computed from an environment of the same shape).
    func scene(of env: any StateOverlayRenderable) -> Scene {
        env.render(values: values, greedyActions: greedyActions)
    }
}
