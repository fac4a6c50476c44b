import DojoScene

/// An environment with finitely many states that can draw itself with a per-state overlay: one
/// value per state (a colour scale) and one action per state (an arrow). A viewer fills them from
/// an agent, typically V(s) = max_a Q(s, a) and π(s) = argmax_a Q(s, a), computed by feeding the
/// agent `overlayObservation(ofState: s)` for every `s` in `0..<overlayStateCount`.
///
/// The environment decides what a "state" is and how it looks; the viewer needs no knowledge of
/// the environment beyond this protocol.
public protocol StateOverlayRenderable: Environment, Renderable {
    /// How many states the overlay covers; overlay arrays are indexed `0..<overlayStateCount`.
    var overlayStateCount: Int { get }

    /// The observation an agent receives in state `s` (`0 <= s < overlayStateCount`).
    func overlayObservation(ofState s: Int) -> Observation

    /// The current scene with `values[s]` and `greedyActions[s]` (an action index, as
    /// `Space.element(atIndex:)` counts) drawn over state `s`; either may be nil. Each array,
    /// when given, has exactly `overlayStateCount` entries.
    func render(values: [Float]?, greedyActions: [Int]?) -> Scene
}

extension TimeLimit: StateOverlayRenderable where Base: StateOverlayRenderable {
    public var overlayStateCount: Int { base.overlayStateCount }
    public func overlayObservation(ofState s: Int) -> Base.Observation { base.overlayObservation(ofState: s) }
    public func render(values: [Float]?, greedyActions: [Int]?) -> Scene {
        base.render(values: values, greedyActions: greedyActions)
    }
}

extension OrderEnforcing: StateOverlayRenderable where Base: StateOverlayRenderable {
    public var overlayStateCount: Int { base.overlayStateCount }
    public func overlayObservation(ofState s: Int) -> Base.Observation { base.overlayObservation(ofState: s) }
    public func render(values: [Float]?, greedyActions: [Int]?) -> Scene {
        base.render(values: values, greedyActions: greedyActions)
    }
}
