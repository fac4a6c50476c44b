import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import CSDL2
import DojoScene

/// `dojo-viz`: draws the scenes arriving on standard input at a steady frame rate.
struct VizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dojo-viz",
        abstract: "Draws Dojo scene frames read from standard input in an SDL2 window.",
        discussion: """
            Keys: space pauses, + and - double or halve the speed, q (or closing the window) quits. \
            At the end of input the window closes after the last frame (use --hold to keep it). \
            Headless: SDL_VIDEODRIVER=offscreen dojo-viz --screenshot out.bmp < frames
            """
    )

    @Option(help: "Frames drawn per second.")
    var fps: Double = 50

    @Option(help: ArgumentHelp("At the end of input, write the last drawn frame to this BMP file and exit.",
                              valueName: "FILE.bmp"))
    var screenshot: String?

    @Option(help: "Initial window width in pixels.")
    var width: Int = 600

    @Option(help: "Initial window height in pixels.")
    var height: Int = 400

    @Option(help: "Window title.")
    var title: String = "dojo"

    @Flag(help: "Keep the window open at the end of input until it is closed.")
    var hold = false

    @Flag(help: "Use SDL's software renderer even when a GPU renderer is available.")
    var software = false

    @Flag(help: .hidden)
    var announceReady = false

    func validate() throws {
        guard fps.isFinite, fps > 0, fps <= 1000 else { throw ValidationError("--fps must be in (0, 1000], got \(fps)") }
        guard (16...16384).contains(width), (16...16384).contains(height) else {
            throw ValidationError("--width and --height must be in 16...16384")
        }
    }

    func run() throws {
        let window = try Window(title: title, width: width, height: height, forceSoftware: software)
        if announceReady {
            // The sender (VisualizerProcess) waits for this line before streaming.
            print("ready")
            fflush(stdout)
        }
        let reader = FrameReader()
        reader.start()
        var loop = DrawLoop(window: window, reader: reader, fps: fps, title: title,
                            screenshot: screenshot, hold: hold)
        try loop.run()
    }
}
