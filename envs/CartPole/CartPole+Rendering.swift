import DojoRL
import DojoScene
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws as Gymnasium's 600x400 pygame view does, in world units (metres; Gymnasium's scale is
/// 125 px/m): the track at height 0.8, a black 0.4 x 0.24 cart centred on it, the pole
/// (202, 152, 101), 0.08 wide and 1.0 long from the axle (a quarter of the cart height above its
/// centre), the axle (129, 132, 203), on white.
extension CartPole: Renderable {
    static let worldWidth: Float = 4.8
    static let worldHeight: Float = 3.2
    static let trackHeight: Float = 0.8
    static let cartWidth: Float = 0.4
    static let cartHeight: Float = 0.24
    static let poleWidth: Float = 0.08
    static let poleColor = Color(202, 152, 101)
    static let axleColor = Color(129, 132, 203)

    public func render() -> Scene {
        let x = Float(state[0])
        let theta = Float(state[2])
        var scene = Scene(world: Rect(x: -Self.worldWidth / 2, y: 0, width: Self.worldWidth, height: Self.worldHeight),
                          background: .white, caption: "CartPole-v1")
        scene.add(.line(from: Point(-Self.worldWidth / 2, Self.trackHeight), to: Point(Self.worldWidth / 2, Self.trackHeight),
                        width: 0, .black))
        scene.add(.rect(Rect(x: x - Self.cartWidth / 2, y: Self.trackHeight - Self.cartHeight / 2,
                             width: Self.cartWidth, height: Self.cartHeight), .black))

        // The pole is a rectangle rotated about the axle; positive theta leans it right (clockwise).
        let axle = Point(x, Self.trackHeight + Self.cartHeight / 4)
        let length = Float(2 * Self.halfLength)
        let half = Self.poleWidth / 2
        let (s, c) = (sinf(theta), cosf(theta))
        func place(_ u: Float, _ v: Float) -> Point {
            // (u, v) in the pole's frame: u across, v along; rotate by -theta.
            Point(axle.x + u * c + v * s, axle.y - u * s + v * c)
        }
        scene.add(.polygon([place(-half, -half), place(-half, length - half),
                            place(half, length - half), place(half, -half)], Self.poleColor))
        scene.add(.circle(center: axle, radius: half, filled: true, Self.axleColor))
        return scene
    }
}
