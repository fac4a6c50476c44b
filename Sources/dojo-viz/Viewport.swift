import DojoScene

/// Maps a scene's world rectangle (y up) onto the window's pixels (y down), keeping the aspect
/// ratio: the world is scaled by the largest factor that fits the area below the caption band and
/// centred in it; the rest of the window is letterbox.
struct Viewport {
    /// Pixels per world unit.
    let scale: Float
    /// Pixel position of the world rectangle's top-left corner.
    let left: Float
    let top: Float
    let world: Rect

    /// `band` pixels at the top of a `width` x `height` window are kept for the caption.
    init(world: Rect, width: Int, height: Int, band: Int) {
        self.world = world
        let areaW = Float(width), areaH = Float(max(height - band, 1))
        // A degenerate world (zero or negative size) draws at one pixel per unit, not at infinity.
        let sx = world.width > 0 ? areaW / world.width : 1
        let sy = world.height > 0 ? areaH / world.height : 1
        scale = min(sx, sy)
        left = (areaW - max(world.width, 0) * scale) / 2
        top = Float(band) + (areaH - max(world.height, 0) * scale) / 2
    }

    func x(_ worldX: Float) -> Float { left + (worldX - world.x) * scale }
    func y(_ worldY: Float) -> Float { top + (world.y + world.height - worldY) * scale }
    func pixel(_ p: Point) -> (x: Float, y: Float) { (x(p.x), y(p.y)) }

    /// The world rectangle in whole pixels, for clipping.
    var pixelBounds: (x: Int, y: Int, width: Int, height: Int) {
        let x0 = Int(left.rounded()), y0 = Int(top.rounded())
        let x1 = Int((left + max(world.width, 0) * scale).rounded())
        let y1 = Int((top + max(world.height, 0) * scale).rounded())
        return (x0, y0, x1 - x0, y1 - y0)
    }
}
