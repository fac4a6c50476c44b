#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where training stands, handed to `ProgressReporter.update` as often as the trainer likes
/// (every step is fine: an update that does not print costs one clock read).
public struct TrainingProgress: Equatable, Sendable {
    /// Environment steps done so far in the run (including any before a resume).
    public var step: Int
    /// Episodes finished so far.
    public var episodes: Int
    /// Mean return of the last 100 episodes (`RecentMean`); nil before the first episode ends.
    public var meanReturn: Double?
    public var epsilon: Double
    /// Latest (or recent mean) training loss; nil before learning starts.
    public var loss: Double?

    public init(step: Int, episodes: Int, meanReturn: Double?, epsilon: Double, loss: Double?) {
        self.step = step
        self.episodes = episodes
        self.meanReturn = meanReturn
        self.epsilon = epsilon
        self.loss = loss
    }
}

/// Shows training progress (issue 4): on a terminal one live line rewritten in place, otherwise
/// plain lines now and then, or nothing at all.
///
///     12,345/50,000 (24.7%)  6,123 steps/s  return 187.3  eps 0.040  loss 0.0123  ETA 0:00:06
///
/// - `.live`: the line is redrawn as `\r` + text + `ESC[K` (erase to end of line), at most
///   `liveInterval` (0.1 s) apart, cut to the terminal width so it never wraps. `finish()`
///   draws the final state and ends the line with `\n`.
/// - `.plain` (a pipe or file): a line each time training crosses a tenth of the total steps, or
///   when `plainInterval` (10 s) has passed since the last line, whichever comes first; so short
///   runs print ~10 lines and long runs one every 10 s. `finish()` prints the final state once.
/// - `.quiet`: prints nothing.
///
/// steps/s is an exponential moving average of the rate between draws with time constant 2 s,
/// so it follows speed changes without flickering; ETA = remaining steps / that rate.
public struct ProgressReporter {
    public enum Style: Equatable, Sendable {
        case live
        case plain
        case quiet
    }

    public static let liveInterval = 0.1
    public static let plainInterval = 10.0
    static let rateTimeConstant = 2.0

    public let totalSteps: Int
    public let style: Style
    private let clock: any ProgressClock
    private let write: (String) -> Void
    /// Terminal width in columns for `.live`, asked at each draw (the window may be resized).
    private let columns: () -> Int

    private var lastDrawTime: Double
    private var lastDrawStep: Int
    private var lastPlainDecile: Int
    private var rate: Double?
    private var latest: TrainingProgress?
    private var lineOpen = false
    private var finished = false

    /// - Parameters:
    ///   - totalSteps: the step count training stops at (the run's total, not the remaining).
    ///   - startStep: the step training (re)starts from: 0, or the checkpoint's step on resume.
    ///   - write: receives every piece of output text.
    public init(totalSteps: Int, startStep: Int = 0, style: Style, clock: any ProgressClock = MonotonicClock(),
                columns: @escaping () -> Int = { 80 }, write: @escaping (String) -> Void) {
        precondition(totalSteps > 0, "ProgressReporter: totalSteps must be positive, got \(totalSteps)")
        self.totalSteps = totalSteps
        self.style = style
        self.clock = clock
        self.columns = columns
        self.write = write
        lastDrawTime = clock.seconds()
        lastDrawStep = startStep
        lastPlainDecile = startStep * 10 / totalSteps
    }

    /// Reports to file descriptor `fd` (standard error by default): `.live` if it is a terminal,
    /// `.plain` otherwise, `.quiet` if `quiet`.
    public static func forFileDescriptor(_ fd: Int32 = STDERR_FILENO, totalSteps: Int, startStep: Int = 0,
                                         quiet: Bool = false) -> ProgressReporter {
        let style: Style = quiet ? .quiet : (isatty(fd) == 1 ? .live : .plain)
        return ProgressReporter(totalSteps: totalSteps, startStep: startStep, style: style,
                                columns: { terminalColumns(fd) }, write: { writeText($0, to: fd) })
    }

    /// Records `progress` and prints if it is time to.
    public mutating func update(_ progress: TrainingProgress) {
        precondition(!finished, "ProgressReporter.update after finish()")
        latest = progress
        switch style {
        case .quiet:
            return
        case .live:
            let now = clock.seconds()
            if now - lastDrawTime >= Self.liveInterval { draw(progress, at: now) }
        case .plain:
            let now = clock.seconds()
            let decile = min(progress.step, totalSteps) * 10 / totalSteps
            if decile > lastPlainDecile || now - lastDrawTime >= Self.plainInterval {
                lastPlainDecile = decile
                draw(progress, at: now)
            }
        }
    }

    /// Prints a message on its own line without garbling the live line (which the next
    /// `update` redraws), e.g. "checkpoint saved".
    public mutating func note(_ message: String) {
        guard style != .quiet else { return }
        if lineOpen {
            write("\r\u{1B}[K")
            lineOpen = false
        }
        write(message + "\n")
    }

    /// Draws the last state and ends the progress output: the live line gets its newline.
    /// Further updates are programmer errors; a second `finish()` does nothing.
    public mutating func finish() {
        guard !finished else { return }
        finished = true
        guard style != .quiet, let latest else { return }
        if style == .live || latest.step != lastDrawStep {
            draw(latest, at: clock.seconds())
        }
        if lineOpen {
            write("\n")
            lineOpen = false
        }
    }

    private mutating func draw(_ progress: TrainingProgress, at now: Double) {
        let dt = now - lastDrawTime
        if dt > 0 {
            let instant = Double(progress.step - lastDrawStep) / dt
            if let previous = rate {
                let alpha = 1 - exp(-dt / Self.rateTimeConstant)
                rate = previous + alpha * (instant - previous)
            } else {
                rate = instant
            }
        }
        lastDrawTime = now
        lastDrawStep = progress.step
        let text = Self.line(progress, totalSteps: totalSteps, stepsPerSecond: rate)
        if style == .live {
            let width = max(10, columns() - 1)
            let visible = text.count > width ? String(text.prefix(width)) : text
            write("\r" + visible + "\u{1B}[K")
            lineOpen = true
        } else {
            write(text + "\n")
        }
    }

    /// The progress text, without control characters.
    static func line(_ p: TrainingProgress, totalSteps: Int, stepsPerSecond: Double?) -> String {
        let percent = NumberFormat.fixed(100 * Double(p.step) / Double(totalSteps), decimals: 1)
        let rateText = stepsPerSecond.map { NumberFormat.grouped(Int($0.rounded())) } ?? "-"
        let meanText = p.meanReturn.map { NumberFormat.significant($0, digits: 4) } ?? "-"
        let lossText = p.loss.map { NumberFormat.significant($0, digits: 3) } ?? "-"
        let eta: String
        if let r = stepsPerSecond, r > 0 {
            eta = NumberFormat.duration(Double(max(0, totalSteps - p.step)) / r)
        } else {
            eta = NumberFormat.duration(.nan)
        }
        return "\(NumberFormat.grouped(p.step))/\(NumberFormat.grouped(totalSteps)) (\(percent)%)"
            + "  \(rateText) steps/s  return \(meanText)  eps \(NumberFormat.fixed(p.epsilon, decimals: 3))"
            + "  loss \(lossText)  ETA \(eta)"
    }

    /// The terminal's width, or 80 when it cannot be asked.
    static func terminalColumns(_ fd: Int32) -> Int {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    static func writeText(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            // Progress is best effort: a closed terminal must not stop training.
            if n <= 0 { return }
            offset += n
        }
    }
}
