#if canImport(Glibc)
import Glibc
#endif
import CSDL2
import DojoScene

/// Draws a `Scene` into a `Window`: letterbox, caption band with the caption in the bitmap font,
/// then the world background and the primitives in order, clipped to the world rectangle.
struct SceneDrawer {
    /// Colour around the world rectangle and behind the caption.
    static let letterbox = Color(32, 32, 36)
    static let captionInk = Color(235, 235, 235)
    /// Font pixels are drawn as `captionScale` x `captionScale` screen pixels.
    static let captionScale = 2
    static let captionPadding = 5

    /// Height of the caption band for a caption (0 when there is none).
    static func bandHeight(for caption: String) -> Int {
        caption.isEmpty ? 0 : BitmapFont.rows * captionScale + 2 * captionPadding
    }

    /// The caption as drawn across a window `width` pixels wide: at `captionScale` when it fits
    /// between the paddings, else at half that, and cut short with "..." when even that is too wide
    /// (rather than running off the window's edge).
    static func fitted(_ caption: String, width: Int) -> (text: String, scale: Int) {
        let room = width - 2 * captionPadding
        for scale in [captionScale, max(1, captionScale / 2)] where BitmapFont.width(of: caption) * scale <= room {
            return (caption, scale)
        }
        let scale = max(1, captionScale / 2)
        var kept = Substring(caption)
        while !kept.isEmpty && BitmapFont.width(of: kept + "...") * scale > room { kept = kept.dropLast() }
        return (kept + "...", scale)
    }

    let window: Window

    func draw(_ scene: Scene) {
        let (width, height) = window.pixelSize
        window.clip(to: nil)
        window.clear(Self.letterbox)
        let band = Self.bandHeight(for: scene.caption)
        if band > 0 {
            // A smaller caption sits in the middle of the band.
            let (text, scale) = Self.fitted(scene.caption, width: width)
            let bottom = band - (band - BitmapFont.rows * scale) / 2
            drawText(text, left: Float(Self.captionPadding), bottom: Float(bottom), pixel: Float(scale), Self.captionInk)
        }
        let view = Viewport(world: scene.world, width: width, height: height, band: band)
        let bounds = view.pixelBounds
        window.clip(to: SDL_Rect(x: Int32(bounds.x), y: Int32(bounds.y), w: Int32(bounds.width), h: Int32(bounds.height)))
        window.fill(SDL_FRect(x: Float(bounds.x), y: Float(bounds.y), w: Float(bounds.width), h: Float(bounds.height)),
                    scene.background)
        for primitive in scene.primitives { draw(primitive, view) }
        window.clip(to: nil)
    }

    private func draw(_ primitive: Primitive, _ view: Viewport) {
        switch primitive {
        case .rect(let r, let c):
            window.fill(SDL_FRect(x: view.x(r.x), y: view.y(r.y + r.height), w: r.width * view.scale, h: r.height * view.scale), c)
        case .line(let from, let to, let width, let c):
            drawLine(view.pixel(from), view.pixel(to), thickness: width * view.scale, c)
        case .circle(let center, let radius, let filled, let c):
            drawCircle(view.pixel(center), radius: radius * view.scale, filled: filled, c)
        case .polygon(let points, let c):
            let pixels = points.map(view.pixel)
            window.triangles(pixels.map { SDL_FPoint(x: $0.x, y: $0.y) }, indices: triangulate(pixels), c)
        case .text(let text, let at, let size, let c):
            let p = view.pixel(at)
            drawText(text, left: p.x, bottom: p.y, pixel: size * view.scale / Float(BitmapFont.rows), c)
        }
    }

    /// A line `thickness` pixels wide as a quad (two triangles); under 1.5 pixels, a hairline.
    private func drawLine(_ a: (x: Float, y: Float), _ b: (x: Float, y: Float), thickness: Float, _ c: Color) {
        let dx = b.x - a.x, dy = b.y - a.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard thickness >= 1.5, length > 0 else {
            window.lines([SDL_FPoint(x: a.x, y: a.y), SDL_FPoint(x: b.x, y: b.y)], c)
            return
        }
        let nx = -dy / length * thickness / 2, ny = dx / length * thickness / 2
        let corners = [SDL_FPoint(x: a.x + nx, y: a.y + ny), SDL_FPoint(x: b.x + nx, y: b.y + ny),
                       SDL_FPoint(x: b.x - nx, y: b.y - ny), SDL_FPoint(x: a.x - nx, y: a.y - ny)]
        window.triangles(corners, indices: [0, 1, 2, 0, 2, 3], c)
    }

    /// Enough segments that each is about 2 pixels long, between 12 and 256.
    private func drawCircle(_ center: (x: Float, y: Float), radius: Float, filled: Bool, _ c: Color) {
        guard radius > 0 else { return }
        let segments = min(256, max(12, Int((2 * Float.pi * radius / 2).rounded(.up))))
        var rim: [SDL_FPoint] = []
        rim.reserveCapacity(segments)
        for k in 0..<segments {
            let angle = 2 * Float.pi * Float(k) / Float(segments)
            rim.append(SDL_FPoint(x: center.x + radius * cosf(angle), y: center.y + radius * sinf(angle)))
        }
        if filled {
            var indices: [Int32] = []
            indices.reserveCapacity(segments * 3)
            let hub = Int32(rim.count)
            // The last triangle reuses vertex 0 exactly, so no seam shows where the fan closes.
            for k in 0..<segments { indices += [hub, Int32(k), Int32((k + 1) % segments)] }
            window.triangles(rim + [SDL_FPoint(x: center.x, y: center.y)], indices: indices, c)
        } else {
            window.lines(rim + [rim[0]], c)
        }
    }

    /// Text in the bitmap font with its lower-left corner at (`left`, `bottom`) in pixels, each font
    /// pixel `pixel` screen pixels square. Each line of ink in a glyph row becomes one rectangle.
    private func drawText(_ text: String, left: Float, bottom: Float, pixel: Float, _ c: Color) {
        guard pixel > 0, !text.isEmpty else { return }
        var rects: [SDL_FRect] = []
        let top = bottom - Float(BitmapFont.rows) * pixel
        for (index, scalar) in text.unicodeScalars.enumerated() {
            let glyphLeft = left + Float(index * BitmapFont.advance) * pixel
            for (row, bits) in BitmapFont.glyph(scalar).enumerated() where bits != 0 {
                var column = 0
                while column < BitmapFont.columns {
                    guard bits & (1 << (BitmapFont.columns - 1 - column)) != 0 else { column += 1; continue }
                    var end = column
                    while end < BitmapFont.columns && bits & (1 << (BitmapFont.columns - 1 - end)) != 0 { end += 1 }
                    rects.append(SDL_FRect(x: glyphLeft + Float(column) * pixel, y: top + Float(row) * pixel,
                                           w: Float(end - column) * pixel, h: pixel))
                    column = end
                }
            }
        }
        window.fill(rects, c)
    }
}
