import CSDL2
import DojoScene

/// The window's main loop: handles keys and window events, takes one scene from the reader every
/// 1/fps seconds (unless paused), redraws when something changed, and decides when to stop.
struct DrawLoop {
    let window: Window
    let reader: FrameReader
    var fps: Double
    let title: String
    let screenshot: String?
    let hold: Bool

    private var paused = false
    private var current: Scene?
    private var dirty = true
    private var inputDone = false

    init(window: Window, reader: FrameReader, fps: Double, title: String, screenshot: String?, hold: Bool) {
        self.window = window
        self.reader = reader
        self.fps = fps
        self.title = title
        self.screenshot = screenshot
        self.hold = hold
    }

    private enum Command { case none, quit }

    /// Returns when input has ended and its last frame has had its turn on screen (or at once
    /// after writing the screenshot), or when the user quits. Throws on malformed input.
    mutating func run() throws {
        let drawer = SceneDrawer(window: window)
        updateTitle()
        var nextDue = now()
        var event = SDL_Event()
        while true {
            while SDL_PollEvent(&event) != 0 {
                if handle(event) == .quit { return }
            }
            let time = now()
            // Once input is over, a screenshot need not wait out the frames still queued.
            let drain = screenshot != nil && reader.hasEnded
            if !inputDone && (drain || (!paused && time >= nextDue)) {
                switch reader.take() {
                case .scene(let scene):
                    current = scene
                    dirty = true
                    let period = 1000 / fps
                    nextDue = time - nextDue < period ? nextDue + period : time + period
                case .waiting:
                    break
                case .ended:
                    inputDone = true
                    if let screenshot {
                        guard let current else {
                            throw VizError("input ended before any scene arrived; no screenshot written to \(screenshot)")
                        }
                        drawer.draw(current)
                        try window.saveBMP(to: screenshot)
                        window.present()
                        return
                    }
                    if !hold { return }
                case .failed(let error):
                    throw VizError(error.description)
                }
                if drain { continue }
            }
            if dirty {
                if let current { drawer.draw(current) } else { window.clear(SceneDrawer.letterbox) }
                window.present()
                dirty = false
            }
            let wait = paused || inputDone ? 50 : min(20, max(1, nextDue - now()))
            if SDL_WaitEventTimeout(&event, Int32(wait)) != 0, handle(event) == .quit { return }
        }
    }

    /// Milliseconds on a monotonic clock.
    private func now() -> Double {
        Double(SDL_GetPerformanceCounter()) * 1000 / Double(SDL_GetPerformanceFrequency())
    }

    private mutating func handle(_ event: SDL_Event) -> Command {
        switch event.type {
        case SDL_QUIT.rawValue:
            return .quit
        case SDL_WINDOWEVENT.rawValue:
            dirty = true
        case SDL_KEYDOWN.rawValue:
            let key = UInt32(bitPattern: event.key.keysym.sym)
            switch key {
            case SDLK_q.rawValue, SDLK_ESCAPE.rawValue:
                return .quit
            case SDLK_SPACE.rawValue:
                paused.toggle()
                updateTitle()
            case SDLK_PLUS.rawValue, SDLK_EQUALS.rawValue, SDLK_KP_PLUS.rawValue:
                fps = min(fps * 2, 1000)
                updateTitle()
            case SDLK_MINUS.rawValue, SDLK_KP_MINUS.rawValue:
                fps = max(fps / 2, 0.5)
                updateTitle()
            default:
                break
            }
        default:
            break
        }
        return .none
    }

    private func updateTitle() {
        let rate = fps == fps.rounded() ? "\(Int(fps))" : "\(fps)"
        window.setTitle(paused ? "\(title)  [paused]" : "\(title)  [\(rate) fps]")
    }
}
