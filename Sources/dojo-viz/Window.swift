#if canImport(Glibc)
import Glibc
#endif
import CSDL2
import DojoScene

/// The SDL window and its renderer: the only owner of SDL state in the process.
///
/// Pixel coordinates have y pointing down, origin top-left; `Viewport` does the world mapping.
final class Window {
    private let window: OpaquePointer
    let renderer: OpaquePointer

    /// Opens a resizable window. Uses the software renderer when asked, or when the video driver
    /// is `offscreen` or `dummy` (no GPU there; the software renderer reads pixels back exactly).
    init(title: String, width: Int, height: Int, forceSoftware: Bool) throws {
        // Without any of these SDL would probe Wayland (which complains on stderr) and then fall
        // back to an invisible offscreen window; say plainly what is missing instead.
        let variables = ["SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"]
        guard variables.contains(where: { (getenv($0).map { String(cString: $0) } ?? "").isEmpty == false }) else {
            throw VizError("no display: DISPLAY is not set; set DISPLAY, or SDL_VIDEODRIVER=offscreen to run headless")
        }
        guard SDL_Init(SDL_INIT_VIDEO) == 0 else {
            throw VizError("no display: cannot start SDL video (\(Window.lastError)); "
                + "set DISPLAY, or SDL_VIDEODRIVER=offscreen to run headless")
        }
        let driver = SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? ""
        let headless = driver == "offscreen" || driver == "dummy"
        // SDL falls back to its offscreen driver when there is no display; a window nobody can
        // see is only wanted when asked for by name.
        let requested = getenv("SDL_VIDEODRIVER").map { String(cString: $0) } ?? ""
        if headless && !requested.contains(driver) {
            SDL_Quit()
            throw VizError("no display: SDL found no screen (fell back to its \(driver) driver); "
                + "set DISPLAY, or SDL_VIDEODRIVER=offscreen to run headless")
        }
        let centered = Int32(bitPattern: 0x2FFF_0000)  // SDL_WINDOWPOS_CENTERED
        let flags = SDL_WINDOW_RESIZABLE.rawValue | SDL_WINDOW_ALLOW_HIGHDPI.rawValue
        guard let window = SDL_CreateWindow(title, centered, centered, Int32(width), Int32(height), flags) else {
            let message = Window.lastError
            SDL_Quit()
            throw VizError("no display: cannot create a window (\(message)); "
                + "set DISPLAY, or SDL_VIDEODRIVER=offscreen to run headless")
        }
        var renderer: OpaquePointer?
        if !(forceSoftware || headless) {
            renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED.rawValue)
        }
        if renderer == nil {
            renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue)
        }
        guard let renderer else {
            let message = Window.lastError
            SDL_DestroyWindow(window)
            SDL_Quit()
            throw VizError("cannot create an SDL renderer (\(message))")
        }
        self.window = window
        self.renderer = renderer
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND)
    }

    deinit {
        SDL_DestroyRenderer(renderer)
        SDL_DestroyWindow(window)
        SDL_Quit()
    }

    static var lastError: String { String(cString: SDL_GetError()) }

    /// The drawable size in pixels (larger than the window size on high-DPI screens).
    var pixelSize: (width: Int, height: Int) {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        return (Int(w), Int(h))
    }

    func setTitle(_ title: String) { SDL_SetWindowTitle(window, title) }

    func setColor(_ c: Color) { SDL_SetRenderDrawColor(renderer, c.r, c.g, c.b, c.a) }

    func clear(_ c: Color) {
        setColor(c)
        SDL_RenderClear(renderer)
    }

    func fill(_ rect: SDL_FRect, _ c: Color) {
        setColor(c)
        var r = rect
        SDL_RenderFillRectF(renderer, &r)
    }

    func fill(_ rects: [SDL_FRect], _ c: Color) {
        guard !rects.isEmpty else { return }
        setColor(c)
        _ = rects.withUnsafeBufferPointer { SDL_RenderFillRectsF(renderer, $0.baseAddress, Int32($0.count)) }
    }

    /// A one-pixel polyline through `points`.
    func lines(_ points: [SDL_FPoint], _ c: Color) {
        guard points.count >= 2 else { return }
        setColor(c)
        _ = points.withUnsafeBufferPointer { SDL_RenderDrawLinesF(renderer, $0.baseAddress, Int32($0.count)) }
    }

    /// Filled triangles: `points` indexed three at a time by `indices`.
    func triangles(_ points: [SDL_FPoint], indices: [Int32], _ c: Color) {
        guard indices.count >= 3 else { return }
        let color = SDL_Color(r: c.r, g: c.g, b: c.b, a: c.a)
        let vertices = points.map { SDL_Vertex(position: $0, color: color, tex_coord: SDL_FPoint(x: 0, y: 0)) }
        vertices.withUnsafeBufferPointer { v in
            indices.withUnsafeBufferPointer { i in
                _ = SDL_RenderGeometry(renderer, nil, v.baseAddress, Int32(v.count), i.baseAddress, Int32(i.count))
            }
        }
    }

    /// Restricts drawing to `rect` (nil: the whole window).
    func clip(to rect: SDL_Rect?) {
        if var r = rect { SDL_RenderSetClipRect(renderer, &r) } else { SDL_RenderSetClipRect(renderer, nil) }
    }

    /// Writes what has been drawn since the last `present` to a 24-bit BMP file. Call before
    /// `present`: afterwards the back buffer's contents are undefined.
    func saveBMP(to path: String) throws {
        let (w, h) = pixelSize
        let format = SDL_PIXELFORMAT_BGR24.rawValue
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(w), Int32(h), 24, format) else {
            throw VizError("screenshot: cannot allocate a \(w)x\(h) surface (\(Window.lastError))")
        }
        defer { SDL_FreeSurface(surface) }
        guard SDL_RenderReadPixels(renderer, nil, format, surface.pointee.pixels, surface.pointee.pitch) == 0 else {
            throw VizError("screenshot: cannot read the window's pixels (\(Window.lastError))")
        }
        guard let file = SDL_RWFromFile(path, "wb") else {
            throw VizError("screenshot: cannot open \(path) for writing (\(Window.lastError))")
        }
        guard SDL_SaveBMP_RW(surface, file, 1) == 0 else {
            throw VizError("screenshot: cannot write \(path) (\(Window.lastError))")
        }
    }

    func present() { SDL_RenderPresent(renderer) }
}
