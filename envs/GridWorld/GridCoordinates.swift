import DojoRL
import DojoScene

/// A grid world observed by position instead of cell index: `(row / (rows - 1), column /
/// (columns - 1))` in `Box(2, [0, 1])` (0 for a grid one cell wide or tall). A network given
/// coordinates can generalise between neighbouring cells, which a one-hot index cannot.
public struct GridCoordinates: Environment {
    public var base: GridWorld
    public let observationSpace = Box(low: SIMD2<Float>(0, 0), high: SIMD2<Float>(1, 1))
    public var actionSpace: Discrete { base.actionSpace }

    public init(_ base: GridWorld) { self.base = base }

    /// The coordinates of state `s`.
    public func coordinates(of s: Int) -> SIMD2<Float> {
        let rows = base.map.rows, columns = base.map.columns
        let row = rows > 1 ? Float(s / columns) / Float(rows - 1) : 0
        let column = columns > 1 ? Float(s % columns) / Float(columns - 1) : 0
        return SIMD2(row, column)
    }

    public mutating func reset(seed: UInt64?) -> SIMD2<Float> {
        coordinates(of: base.reset(seed: seed))
    }

    public mutating func step(_ action: Int) -> Step<SIMD2<Float>> {
        let result = base.step(action)
        return Step(observation: coordinates(of: result.observation), reward: result.reward,
                    terminated: result.terminated, truncated: result.truncated)
    }
}

extension GridCoordinates: Renderable {
    public func render() -> Scene { base.render() }
}

/// The base grid's overlay, with each cell observed by its coordinates.
extension GridCoordinates: StateOverlayRenderable {
    public var overlayStateCount: Int { base.overlayStateCount }
    public func overlayObservation(ofState s: Int) -> SIMD2<Float> { coordinates(of: s) }
    public func render(values: [Float]?, greedyActions: [Int]?) -> Scene {
        base.render(values: values, greedyActions: greedyActions)
    }
}
