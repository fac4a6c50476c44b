import DojoRL
import DojoScene

/// Draws one unit square per cell (world y up, so row 0 is at the top): floor light blue-grey,
/// walls dark grey, holes dark blue, cliffs brown-red, the start pale green, the goal gold; the
/// agent is a red disc.
extension GridWorld: Renderable {
    static let floorColor = Color(204, 226, 240)
    static let wallColor = Color(64, 64, 64)
    static let holeColor = Color(25, 40, 90)
    static let cliffColor = Color(150, 60, 40)
    static let startColor = Color(190, 230, 190)
    static let goalColor = Color(240, 200, 40)
    static let agentColor = Color(220, 40, 40)
    static let arrowColor = Color(20, 20, 20)
    static let gridColor = Color(255, 255, 255)

    public func render() -> Scene { render(values: nil, greedyActions: nil) }

    /// The map, optionally overlaid with per-state `values` (one per state; written on each cell
    /// an agent acts from, i.e. not a wall, hole, cliff or goal, and coloured from red at the
    /// lowest of those through white to green at the highest) and `greedyActions` (one action per
    /// state, an arrow on the same cells), then the agent. Cells an agent never acts from keep
    /// their tile colour: a learned value there is never trained (no bootstrap past a terminal
    /// state), so it would only distort the scale.
    public func render(values: [Float]?, greedyActions: [Int]?) -> Scene {
        precondition(values == nil || values!.count == map.stateCount,
                     "GridWorld.render: \(values!.count) values for \(map.stateCount) states")
        precondition(greedyActions == nil || greedyActions!.count == map.stateCount,
                     "GridWorld.render: \(greedyActions!.count) actions for \(map.stateCount) states")
        let width = Float(map.columns), height = Float(map.rows)
        var scene = Scene(world: Rect(x: 0, y: 0, width: width, height: height), background: Self.gridColor,
                          caption: "GridWorld \(map.rows)x\(map.columns)")
        let range = values.map { v -> (Float, Float) in
            let finite = (0..<map.stateCount).filter { map.tiles[$0].isActedFrom && v[$0].isFinite }.map { v[$0] }
            return (finite.min() ?? 0, finite.max() ?? 0)
        }
        let gap: Float = 0.03
        for s in 0..<map.stateCount {
            let cell = cellRect(s)
            let tile = map.tiles[s]
            var color = Self.color(of: tile)
            if let values, let (low, high) = range, tile.isActedFrom {
                color = Self.valueColor(values[s], low: low, high: high)
            }
            scene.add(.rect(Rect(x: cell.x + gap, y: cell.y + gap, width: 1 - 2 * gap, height: 1 - 2 * gap), color))
            if tile == .goal {
                scene.add(.circle(center: Point(cell.x + 0.5, cell.y + 0.5), radius: 0.3, filled: false, Self.goalColor))
            }
            if let values, tile.isActedFrom {
                scene.add(.text(Self.short(values[s]), at: Point(cell.x + 0.08, cell.y + 0.07), size: 0.16, .black))
            }
            if let greedyActions, tile.isActedFrom {
                addArrow(&scene, in: cell, action: greedyActions[s])
            }
        }
        let agent = cellRect(state)
        scene.add(.circle(center: Point(agent.x + 0.5, agent.y + 0.5), radius: 0.25, filled: true, Self.agentColor))
        return scene
    }

    /// The unit square of state `s`: row 0 drawn at the top.
    func cellRect(_ s: Int) -> Rect {
        let row = s / map.columns, column = s % map.columns
        return Rect(x: Float(column), y: Float(map.rows - 1 - row), width: 1, height: 1)
    }

    private func addArrow(_ scene: inout Scene, in cell: Rect, action: Int) {
        guard action >= 0 && action < 4 else { return }
        let move = options.actions.moves[action]
        // Rows grow downwards in the map but y grows upwards in the world.
        let dx = Float(move.column), dy = Float(-move.row)
        // Centred a little above the middle, clear of the value written at the bottom.
        let center = Point(cell.x + 0.5, cell.y + 0.58)
        let tip = Point(center.x + 0.28 * dx, center.y + 0.28 * dy)
        let tail = Point(center.x - 0.22 * dx, center.y - 0.22 * dy)
        scene.add(.line(from: tail, to: tip, width: 0.05, Self.arrowColor))
        let back = Point(tip.x - 0.15 * dx, tip.y - 0.15 * dy)
        scene.add(.polygon([tip, Point(back.x - 0.1 * dy, back.y + 0.1 * dx), Point(back.x + 0.1 * dy, back.y - 0.1 * dx)],
                           Self.arrowColor))
    }

    static func color(of tile: Tile) -> Color {
        switch tile {
        case .floor: return floorColor
        case .wall: return wallColor
        case .hole: return holeColor
        case .cliff: return cliffColor
        case .start: return startColor
        case .goal: return goalColor
        }
    }

    /// Red (low) through white (middle) to green (high).
    static func valueColor(_ value: Float, low: Float, high: Float) -> Color {
        guard value.isFinite, high > low else { return .white }
        let t = min(1, max(0, (value - low) / (high - low)))
        if t < 0.5 {
            let k = UInt8(255 * (t * 2))
            return Color(255, k, k)
        }
        let k = UInt8(255 * ((1 - t) * 2))
        return Color(k, 255, k)
    }

    static func short(_ value: Float) -> String {
        guard value.isFinite else { return "\(value)" }
        let scaled = (value * 100).rounded() / 100
        return "\(scaled)"
    }
}

/// The overlay covers every cell (walls included, where `render(values:greedyActions:)` draws
/// nothing); the observation of cell `s` is `s` itself.
extension GridWorld: StateOverlayRenderable {
    public var overlayStateCount: Int { map.stateCount }
    public func overlayObservation(ofState s: Int) -> Int { s }
}

extension Tile {
    /// An agent chooses actions on this tile (floor or start): the overlay draws here.
    var isActedFrom: Bool { self == .floor || self == .start }
}
