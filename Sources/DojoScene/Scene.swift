/// What an environment draws: a world rectangle in its own units, a background, a list of
/// primitives drawn in order (later ones on top), and a caption.
///
/// World coordinates have y pointing up (as in physics and Gymnasium's classic-control drawings);
/// the visualizer maps the world rectangle onto its window keeping the aspect ratio. A scene knows
/// nothing about windows, pixels or SDL.
public struct Scene: Equatable, Sendable {
    public var world: Rect
    public var background: Color
    public var primitives: [Primitive]
    /// One line shown above the drawing, e.g. "CartPole-v1  episode 3  step 41  return 41".
    public var caption: String

    public init(world: Rect, background: Color = .white, primitives: [Primitive] = [], caption: String = "") {
        self.world = world
        self.background = background
        self.primitives = primitives
        self.caption = caption
    }

    public mutating func add(_ primitive: Primitive) { primitives.append(primitive) }
}

public struct Point: Equatable, Sendable {
    public var x: Float
    public var y: Float
    public init(_ x: Float, _ y: Float) { self.x = x; self.y = y }
}

/// An axis-aligned rectangle: its lower-left corner and its size, in world units.
public struct Rect: Equatable, Sendable {
    public var x: Float
    public var y: Float
    public var width: Float
    public var height: Float
    public init(x: Float, y: Float, width: Float, height: Float) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
}

/// An sRGB colour with alpha, 8 bits a channel.
public struct Color: Equatable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public var a: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) {
        self.r = r; self.g = g; self.b = b; self.a = a
    }
    public static let white = Color(255, 255, 255)
    public static let black = Color(0, 0, 0)
}

/// One thing to draw.
public enum Primitive: Equatable, Sendable {
    /// A filled axis-aligned rectangle.
    case rect(Rect, Color)
    /// A straight line of the given width in world units (0 means one pixel).
    case line(from: Point, to: Point, width: Float, Color)
    /// A circle; filled or just its outline.
    case circle(center: Point, radius: Float, filled: Bool, Color)
    /// A filled convex or concave simple polygon, vertices in order.
    case polygon([Point], Color)
    /// Text with its lower-left corner at `at`, glyphs `size` world units tall.
    case text(String, at: Point, size: Float, Color)
}
