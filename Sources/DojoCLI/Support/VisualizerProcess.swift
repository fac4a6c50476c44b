#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DojoScene

/// `close(2)`, under a name the class's own `close()` does not shadow.
private func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

/// `pipe(2)` with both ends close-on-exec.
private func makePipe(_ fds: inout [Int32]) -> Bool {
    guard pipe(&fds) == 0 else { return false }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return true
}

/// Reads bytes up to a newline or end of input (blocking), without the newline.
private func readLine(from fd: Int32) -> String {
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while line.count < 256 {
        let n = read(fd, &byte, 1)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 || byte == UInt8(ascii: "\n") { break }
        line.append(byte)
    }
    return String(decoding: line, as: UTF8.self)
}

/// Why the visualizer could not be used. One line each.
enum VisualizerError: Error, CustomStringConvertible {
    case notFound(lookedIn: String)
    case notExecutable(path: String, fromEnvironment: Bool)
    case spawnFailed(path: String, code: Int32)
    /// The visualizer stopped with a failure; `message` is its last line of standard error.
    case failed(VisualizerProcess.Outcome, message: String)

    var description: String {
        switch self {
        case .notFound(let directory):
            return "dojo-viz not found next to dojo (looked in \(directory)); build it with "
                + "`swift build --product dojo-viz` (needs libsdl2-dev), or set DOJO_VIZ to its path"
        case .notExecutable(let path, let fromEnvironment):
            return "\(fromEnvironment ? "DOJO_VIZ=" : "")\(path) is not an executable file; build dojo-viz with "
                + "`swift build --product dojo-viz` (needs libsdl2-dev)"
        case .spawnFailed(let path, let code):
            return "cannot start \(path): \(String(cString: strerror(code)))"
        case .failed(let outcome, let message):
            let prefix = "dojo-viz: error: "
            let text = message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
            return text.isEmpty ? "dojo-viz \(outcome)" : "dojo-viz: \(text)"
        }
    }
}

/// The `dojo-viz` child process and the pipe to its standard input, over which scenes go as
/// wire-format frames (see `SceneWireFormat`).
///
/// Sending never kills or stops the sender: SIGPIPE is ignored process-wide, and once the child
/// has gone (the user closed the window, it crashed, it was killed) the write fails with EPIPE,
/// the process marks itself closed, and every later `send` returns at once. A training loop can
/// therefore show episodes without caring whether anyone is still watching.
///
/// Pace: the pipe is shrunk to one page where the kernel allows (Linux `F_SETPIPE_SZ`), and
/// `dojo-viz` holds at most two frames while it draws at its fps, so `send` blocks and the
/// sender runs at the drawing rate, a few frames ahead of the picture.
///
/// Start-up waits for the child's `ready` line (see `init`), the only thing it ever writes
/// back. The child's standard error is captured (its last line reports why it failed); it is drained
/// without blocking on every send, so a chatty child never fills the pipe.
final class VisualizerProcess {
    /// How the child ended.
    enum Outcome: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var succeeded: Bool { self == .exited(0) }
        var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signalled(let signal): return "was killed by signal \(signal)"
            }
        }
    }

    let pid: pid_t
    private var input: Int32
    private var errorOutput: Int32
    /// The child's standard output: one `ready` line, then nothing.
    private var announcements: Int32
    private var errorText: [UInt8] = []
    private var outcome: Outcome?
    private let encoder = SceneEncoder()

    /// No more frames will be written: the pipe broke or `close()` was called.
    private(set) var isClosed = false

    /// The `dojo-viz` to run: `$DOJO_VIZ` if set, else the one next to the running executable.
    static func locate() throws -> String {
        if let override = getenv("DOJO_VIZ").map({ String(cString: $0) }), !override.isEmpty {
            guard access(override, X_OK) == 0 else { throw VisualizerError.notExecutable(path: override, fromEnvironment: true) }
            return override
        }
        let directory = executableDirectory()
        let candidate = directory + "/dojo-viz"
        guard access(candidate, X_OK) == 0 else { throw VisualizerError.notFound(lookedIn: directory) }
        return candidate
    }

    /// The directory of the running executable (`/proc/self/exe` on Linux).
    static func executableDirectory() -> String {
        var path = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &path, path.count - 1)
        let executable = count > 0
            ? String(decoding: path[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : CommandLine.arguments[0]
        guard let slash = executable.lastIndex(of: "/") else { return "." }
        return String(executable[..<slash])
    }

    /// Starts `executable` (default: `locate()`) with `arguments` plus `--announce-ready`, its
    /// standard input a pipe from this process and its standard error captured, and waits until
    /// it has opened its window (it then prints `ready` on standard output). If it exits first
    /// (no display, bad arguments), throws `VisualizerError.failed` with its error line, so a
    /// command fails before it shows or prints anything.
    init(executable: String? = nil, arguments: [String] = []) throws {
        signal(SIGPIPE, SIG_IGN)
        let path = try executable ?? Self.locate()
        if executable != nil, access(path, X_OK) != 0 {
            throw VisualizerError.notExecutable(path: path, fromEnvironment: false)
        }
        // Close-on-exec pipes, so the child keeps only the ends dup2'd onto its 0, 1 and 2;
        // otherwise it would hold its own stdin's write end open and never see end of input.
        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var fds: [Int32] = [-1, -1]
            guard makePipe(&fds) else {
                let code = errno
                for fd in pipes.joined() { closeDescriptor(fd) }
                throw VisualizerError.spawnFailed(path: path, code: code)
            }
            pipes.append(fds)
        }
        let (toChild, fromChildOut, fromChildErr) = (pipes[0], pipes[1], pipes[2])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChildOut[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fromChildErr[1], 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments + ["--announce-ready"]).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var child = pid_t()
        let code = posix_spawn(&child, path, &actions, nil, argv, environ)
        for fd in [toChild[0], fromChildOut[1], fromChildErr[1]] { closeDescriptor(fd) }
        guard code == 0 else {
            for fd in [toChild[1], fromChildOut[0], fromChildErr[0]] { closeDescriptor(fd) }
            throw VisualizerError.spawnFailed(path: path, code: code)
        }
        pid = child
        input = toChild[1]
        announcements = fromChildOut[0]
        errorOutput = fromChildErr[0]
        #if os(Linux)
        _ = fcntl(input, 1031 /* F_SETPIPE_SZ */, 4096)  // best effort: only shortens the lag
        #endif

        guard readLine(from: announcements) == "ready" else {
            throw VisualizerError.failed(close(), message: lastErrorLine)
        }
        _ = fcntl(errorOutput, F_SETFL, fcntl(errorOutput, F_GETFL) | O_NONBLOCK)
    }

    deinit { _ = close() }

    /// Writes `scene` as one frame; does nothing once closed. Blocks while the visualizer is
    /// behind. Throws only if the scene cannot be encoded (a non-finite coordinate, say).
    func send(_ scene: Scene) throws {
        guard !isClosed else { return }
        let frame = try encoder.encode(scene)
        let written = frame.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let n = write(input, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false  // EPIPE: the reader is gone
                }
                offset += n
            }
            return true
        }
        drainErrors()
        if !written { closeInput() }
    }

    /// Closes the pipe (the visualizer then finishes the frames it has and exits), waits for it,
    /// and returns how it ended. Idempotent.
    @discardableResult
    func close() -> Outcome {
        if let outcome { return outcome }
        closeInput()
        _ = fcntl(errorOutput, F_SETFL, fcntl(errorOutput, F_GETFL) & ~O_NONBLOCK)
        drainErrors()  // blocks until the child's stderr closes, i.e. it has exited
        closeDescriptor(errorOutput)
        closeDescriptor(announcements)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG are C macros; these are their Linux definitions.
        let result: Outcome = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        outcome = result
        return result
    }

    /// Closes and throws `VisualizerError.failed` unless the visualizer exited with status 0.
    func finish() throws {
        let result = close()
        guard result.succeeded else { throw VisualizerError.failed(result, message: lastErrorLine) }
    }

    /// The last non-empty line the visualizer wrote to standard error.
    var lastErrorLine: String {
        let text = String(decoding: errorText, as: UTF8.self)
        return text.split(separator: "\n").last.map(String.init) ?? ""
    }

    private func closeInput() {
        guard !isClosed else { return }
        isClosed = true
        closeDescriptor(input)
    }

    /// Reads whatever the child wrote to standard error, keeping the last 4 KiB.
    private func drainErrors() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(errorOutput, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            errorText += chunk[0..<n]
            if errorText.count > 4096 { errorText.removeFirst(errorText.count - 4096) }
        }
    }
}
