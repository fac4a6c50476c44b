import DojoRL
import DojoScene

/// One world unit per grid cell, row 0 at the bottom: grey walls left, right and above the
/// grid, the ball a red circle in its cell, the paddle a white bar in the bottom row.
extension Catch: Renderable {
    static let wall: Float = 0.2
    static let background = Color(24, 28, 40)
    static let wallColor = Color(120, 124, 136)
    static let ballColor = Color(230, 80, 70)
    static let paddleColor = Color(235, 235, 235)

    public func render() -> Scene {
        let w = Float(width), h = Float(height), t = Self.wall
        var scene = Scene(world: Rect(x: -t, y: 0, width: w + 2 * t, height: h + t),
                          background: Self.background, caption: "Catch-v0")
        scene.add(.rect(Rect(x: -t, y: 0, width: t, height: h + t), Self.wallColor))
        scene.add(.rect(Rect(x: w, y: 0, width: t, height: h + t), Self.wallColor))
        scene.add(.rect(Rect(x: 0, y: h, width: w, height: t), Self.wallColor))
        scene.add(.rect(Rect(x: Float(paddleX) + 0.05, y: 0.05, width: 0.9, height: 0.3), Self.paddleColor))
        scene.add(.circle(center: Point(Float(ballX) + 0.5, Float(ballY) + 0.5), radius: 0.35, filled: true,
                          Self.ballColor))
        return scene
    }
}
