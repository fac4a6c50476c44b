import DojoEnvs
import DojoScene
import Foundation
import Testing
@testable import DojoCLI

// These tests run the built `dojo-viz` (a product of the package, so `swift test` builds it next
// to the test bundle) under SDL's offscreen driver, and read its screenshots' pixels.

/// `$DOJO_VIZ` if set, else `dojo-viz` beside the test bundle.
let vizPath: String = {
    if let override = ProcessInfo.processInfo.environment["DOJO_VIZ"], !override.isEmpty { return override }
    return builtExecutable("dojo-viz")?.path ?? "dojo-viz (not built)"
}()

/// Makes every SDL process this test process starts (directly or through `VisualizerProcess`)
/// draw offscreen, display or not. Evaluated once, before the first spawn.
let headless: Void = { setenv("SDL_VIDEODRIVER", "offscreen", 1) }()

struct VizRun {
    var status: Int32
    var stderr: String
}

/// Runs dojo-viz with `arguments`, `input` on its standard input, in `environment` (default: the
/// offscreen driver, no DISPLAY).
func runViz(_ arguments: [String], input: [UInt8], environment: [String: String]? = nil) throws -> VizRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: vizPath)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["DISPLAY"] = nil
    env["WAYLAND_DISPLAY"] = nil
    env["SDL_VIDEODRIVER"] = "offscreen"
    process.environment = environment ?? env
    let stdin = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardError = stderr
    try process.run()
    // Read stderr on another thread so a full pipe can never stall the child.
    nonisolated(unsafe) var errorData = Data()
    let reader = Thread { errorData = stderr.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.005) }
    return VizRun(status: process.terminationStatus, stderr: String(decoding: errorData, as: UTF8.self))
}

/// A BMP file read by hand: 24- or 32-bit uncompressed (or BI_BITFIELDS), either row order.
struct Bitmap {
    let width: Int
    let height: Int
    private let bytes: [UInt8]
    private let dataOffset: Int
    private let bitsPerPixel: Int
    private let topDown: Bool

    init(path: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        self.bytes = bytes
        try #require(bytes.count > 54 && bytes[0] == 0x42 && bytes[1] == 0x4D, "not a BMP file")
        dataOffset = u32(10)
        width = u32(18)
        let rawHeight = Int32(truncatingIfNeeded: u32(22))
        height = Int(rawHeight.magnitude)
        topDown = rawHeight < 0
        bitsPerPixel = u16(28)
        let compression = u32(30)
        try #require(bitsPerPixel == 24 || bitsPerPixel == 32, "unsupported BMP depth \(bitsPerPixel)")
        // Bitfields are only accepted in SDL's default BGRA order.
        try #require(compression == 0 || (compression == 3 && u32(54) == 0x00FF_0000 && u32(58) == 0x0000_FF00))
    }

    /// The colour at column `x`, row `y` counted from the top.
    func pixel(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        precondition((0..<width).contains(x) && (0..<height).contains(y), "pixel (\(x), \(y)) outside \(width)x\(height)")
        let stride = (width * bitsPerPixel / 8 + 3) / 4 * 4
        let row = topDown ? y : height - 1 - y
        let at = dataOffset + row * stride + x * bitsPerPixel / 8
        return (bytes[at + 2], bytes[at + 1], bytes[at])
    }

    func isColor(_ x: Int, _ y: Int, _ c: Color) -> Bool {
        let p = pixel(x, y)
        return p.r == c.r && p.g == c.g && p.b == c.b
    }
}

func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "dojo-viz-test-\(getpid())-\(name)"
}

/// Renders `scene` through dojo-viz into a screenshot of `width` x `height` and reads it back.
func screenshot(of scene: Scene, width: Int, height: Int, name: String) throws -> Bitmap {
    let path = temporaryPath(name + ".bmp")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try runViz(["--screenshot", path, "--width", "\(width)", "--height", "\(height)"],
                         input: try SceneEncoder().encode(scene))
    try #require(run.status == 0, "dojo-viz failed: \(run.stderr)")
    let image = try Bitmap(path: path)
    try #require(image.width == width && image.height == height)
    return image
}

let red = Color(220, 20, 20)
let blue = Color(20, 20, 220)
/// dojo-viz's letterbox and caption colours (SceneDrawer).
let letterbox = Color(32, 32, 36)
let captionInk = Color(235, 235, 235)

/// `DOJO_NO_VIZ=1` builds the package without dojo-viz (no SDL2); its tests are skipped then.
let vizLeftOut = ProcessInfo.processInfo.environment["DOJO_NO_VIZ"] != nil

/// Runs the built `dojo` with `arguments` in `environment`; returns status, stdout, stderr.
func runDojo(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = try #require(builtExecutable("dojo"), "the dojo executable is not built (swift build)")
    process.arguments = arguments
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    nonisolated(unsafe) var errorData = Data()
    let reader = Thread { errorData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outputData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.005) }
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
}

/// CartPole-v1 is registered once the environments land (branch `rl`); until then these skip.
let hasCartPole = BuiltinEnvironments.specs.contains { $0.id == "CartPole-v1" }

/// This process's environment with SDL drawing offscreen and `dojo-viz` found next to `dojo`.
func offscreenEnvironment() -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["SDL_VIDEODRIVER"] = "offscreen"
    env["DOJO_VIZ"] = nil
    return env
}

/// A fresh empty directory under the temporary directory.
func temporaryDirectory(_ name: String) throws -> String {
    let path = temporaryPath(name)
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
