#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DojoNN

/// `metrics.csv`: one row per finished episode, appended while training runs.
///
/// Format (DESIGN.md): the header `step,episode,return,length,epsilon,loss,steps_per_s`, then
/// one line per episode, `\n`-terminated, numbers printed deterministically:
/// - `step`, `episode`, `length`: integers;
/// - `return`, `loss`: at most 6 significant digits (`%.6g`); `loss` is empty when there is
///   none yet (before learning starts) and never `nan`/`inf` (a non-finite loss prints empty;
///   the trainer stops on one anyway);
/// - `epsilon`: 4 decimals; `steps_per_s`: 1 decimal.
///
/// Same seed, same run: every column but `steps_per_s` (wall-clock time) is byte-identical;
/// compare runs with `firstDifferenceIgnoringSpeed`.
///
/// Crash safety without rewriting the file per episode: each row goes to the file with one
/// `write(2)` of the whole line on an `O_APPEND` descriptor, so a killed process leaves whole
/// lines (a small write to a regular file is not split by a signal). Only a power cut can leave a
/// torn last line; `parse` drops a final line that lacks its `\n`. `sync()` makes the rows durable
/// and must run before a checkpoint records how many episodes it covers. Resuming keeps exactly
/// that many rows (`resume(at:keepingEpisodes:)`, an atomic rewrite), so the episodes replayed
/// after the checkpoint are written once, and the resumed file equals an uninterrupted run's.
public final class MetricsLog {
    public static let header = "step,episode,return,length,epsilon,loss,steps_per_s"
    public static let columnCount = 7

    public let path: String
    /// Rows in the file (excluding the header).
    public private(set) var rowCount: Int
    private var fd: Int32

    private init(path: String, rowCount: Int) throws(FileError) {
        self.path = path
        self.rowCount = rowCount
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.fromErrno("open for appending", path: path) }
    }

    deinit { if fd >= 0 { systemClose(fd) } }

    /// Starts a new `metrics.csv` holding only the header (replacing any file there, atomically)
    /// and opens it for appending.
    public static func create(at path: String) throws(FileError) -> MetricsLog {
        try AtomicFile.write(header + "\n", to: path)
        return try MetricsLog(path: path, rowCount: 0)
    }

    /// Reopens a run's `metrics.csv` to continue from a checkpoint that covered `episodes`
    /// episodes: keeps the header and the first `episodes` rows, drops later rows (written after
    /// the checkpoint, they will be written again) and any torn line, atomically.
    /// Throws if the file is malformed or has fewer rows than the checkpoint claims.
    public static func resume(at path: String, keepingEpisodes episodes: Int) throws -> MetricsLog {
        precondition(episodes >= 0, "MetricsLog.resume: negative episode count \(episodes)")
        let text = try FileSystem.readText(path)
        let (kept, total) = try keptPrefix(of: text, rows: episodes, source: path)
        guard total >= episodes else {
            throw MetricsError(source: path, line: nil,
                               message: "has \(total) episode rows but the checkpoint covers \(episodes)")
        }
        if kept.utf8.count != text.utf8.count { try AtomicFile.write(kept, to: path) }
        return try MetricsLog(path: path, rowCount: episodes)
    }

    /// Appends one row with a single `write(2)`.
    public func append(_ row: EpisodeRow) throws(FileError) {
        precondition(fd >= 0, "MetricsLog.append after close()")
        let bytes = Array((MetricsLog.line(for: row) + "\n").utf8)
        try AtomicFile.writeAll(bytes, to: fd, path: path)
        rowCount += 1
    }

    /// Flushes appended rows to stable storage (call before writing a checkpoint).
    public func sync() throws(FileError) {
        precondition(fd >= 0, "MetricsLog.sync after close()")
        guard fsync(fd) == 0 else { throw FileError.fromErrno("sync", path: path) }
    }

    /// Syncs and closes the file; later appends are programmer errors.
    public func close() throws(FileError) {
        guard fd >= 0 else { return }
        defer { systemClose(fd); fd = -1 }
        try sync()
    }

    /// The CSV line for `row`, without the newline.
    public static func line(for row: EpisodeRow) -> String {
        let loss = row.loss.flatMap { $0.isFinite ? NumberFormat.significant($0) : nil } ?? ""
        return [String(row.step), String(row.episode), NumberFormat.significant(row.return),
                String(row.length), NumberFormat.fixed(row.epsilon, decimals: 4), loss,
                NumberFormat.fixed(row.stepsPerSecond, decimals: 1)].joined(separator: ",")
    }

    /// The file's text up to and including the `rows`-th row, and how many complete rows the
    /// whole text has. Validates the header and every kept row.
    private static func keptPrefix(of text: String, rows: Int, source: String) throws -> (String, Int) {
        let all = try parse(text, source: source)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines = Array(lines.prefix(1 + min(rows, all.count)))
        return (lines.joined(separator: "\n") + "\n", all.count)
    }
}
