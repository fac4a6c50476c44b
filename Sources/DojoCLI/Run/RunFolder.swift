import DojoNN
import Foundation

/// The folder one training run leaves behind (DESIGN.md, "Runs on disk"):
///
///     runs/<name>/
///       config.yaml        every resolved hyperparameter, the seed, the env id, dojo_version
///       metrics.csv        one row per episode (see `MetricsLog`)
///       model.safetensors  the final (or latest checkpointed) weights
///       checkpoint/        optimizer, replay buffer, counters and RNG state for `--resume`
///       curve.svg          the learning curve (`LearningCurveSVG`)
///       eval.json          the last evaluation (`EvalReport`)
///       map.txt            the --map of a map-based environment, if any
///
/// A run folder is never silently reused: `create` refuses an existing non-empty folder unless
/// the caller is resuming, so one run never overwrites another's results.
public struct RunFolder: Equatable, Sendable {
    /// The directory holding runs, "runs" by default (relative to the working directory).
    public let root: String
    /// The run's name: one path component.
    public let name: String

    /// Describes `root/name` without touching the disk. `name` must be a valid run name
    /// (see `validate(name:)`).
    public init(name: String, root: String = "runs") throws(RunFolderError) {
        try RunFolder.validate(name: name)
        self.root = root
        self.name = name
    }

    public var path: String { root.hasSuffix("/") ? root + name : root + "/" + name }
    public var configPath: String { path + "/config.yaml" }
    public var metricsPath: String { path + "/metrics.csv" }
    public var modelPath: String { path + "/model.safetensors" }
    /// A directory; its contents belong to the agent's checkpoint code.
    public var checkpointDirectory: String { path + "/checkpoint" }
    public var curvePath: String { path + "/curve.svg" }
    public var evalPath: String { path + "/eval.json" }
    /// The text map of a map-based environment (`--map`), kept with the run.
    public var mapPath: String { path + "/map.txt" }

    /// Whether the run folder exists as a directory.
    public var exists: Bool { FileSystem.isDirectory(path) }

    /// Whether a checkpoint directory exists and holds at least one file.
    public var hasCheckpoint: Bool {
        FileSystem.isDirectory(checkpointDirectory)
            && !((try? FileSystem.contents(ofDirectory: checkpointDirectory)) ?? []).isEmpty
    }

    /// Makes the folder ready for training and returns it.
    ///
    /// - Starting (`resuming == false`): creates `root/name` and `checkpoint/`. An existing
    ///   empty folder is accepted; a non-empty one is an error (never clobber a run).
    /// - Resuming: the folder must exist; its files are left as they are.
    /// - Throws `RunFolderError` for the cases above, `FileError` (with the OS reason, e.g. an
    ///   unwritable parent) when a directory cannot be created.
    public func prepare(resuming: Bool) throws -> RunFolder {
        if resuming {
            guard exists else { throw RunFolderError.nothingToResume(path: path) }
            try FileSystem.createDirectories(checkpointDirectory)
            return self
        }
        if exists {
            let contents = try FileSystem.contents(ofDirectory: path)
            if !contents.isEmpty { throw RunFolderError.alreadyExists(path: path) }
        } else if FileSystem.exists(path) {
            throw RunFolderError.notADirectory(path: path)
        }
        try FileSystem.createDirectories(path)
        try FileSystem.createDirectories(checkpointDirectory)
        return self
    }

    /// An existing run, for `dojo eval --run NAME` and `dojo watch --run NAME`.
    public static func existing(name: String, root: String = "runs") throws -> RunFolder {
        let folder = try RunFolder(name: name, root: root)
        guard folder.exists else { throw RunFolderError.noSuchRun(path: folder.path) }
        return folder
    }

    /// A fresh run name `<prefix>-<yyyyMMdd-HHmmss>` (the start time), with `-2`, `-3`, ...
    /// appended if that folder already exists. Names of one prefix sort by start time
    /// (lexicographic order = chronological order, within one time zone).
    ///
    /// - Parameters:
    ///   - prefix: usually the preset name, e.g. "cartpole-dqn".
    ///   - date: the start time; `timeZone` says how to print it (local time by default).
    public static func defaultName(prefix: String, date: Date = Date(), timeZone: TimeZone = .current,
                                   root: String = "runs") -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let stamp = pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "-"
            + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2)
        let safePrefix = prefix.map { $0 == "/" || $0 == " " ? "-" : $0 }
        let base = (safePrefix.isEmpty ? "run" : String(safePrefix)) + "-" + stamp
        let rootSlash = root.hasSuffix("/") ? root : root + "/"
        var candidate = base
        var suffix = 2
        while FileSystem.exists(rootSlash + candidate) {
            candidate = base + "-" + String(suffix)
            suffix += 1
        }
        return candidate
    }

    /// A run name is one non-empty path component: no "/", not "." or "..", no leading "-"
    /// (it would read as a flag), no control characters.
    public static func validate(name: String) throws(RunFolderError) {
        let bad = name.isEmpty || name == "." || name == ".." || name.hasPrefix("-")
            || name.contains("/") || name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
        if bad { throw RunFolderError.invalidName(name) }
    }
}

/// Why a run folder cannot be used; each description is one line naming the folder.
public enum RunFolderError: Error, CustomStringConvertible, Equatable {
    case invalidName(String)
    case alreadyExists(path: String)
    case notADirectory(path: String)
    case nothingToResume(path: String)
    case noSuchRun(path: String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "invalid run name '\(name)': use one folder name without '/', not starting with '-'"
        case .alreadyExists(let path):
            return "run folder '\(path)' already exists and is not empty; pass --resume to continue it or choose another --run name"
        case .notADirectory(let path):
            return "'\(path)' exists and is not a directory"
        case .nothingToResume(let path):
            return "cannot resume: run folder '\(path)' does not exist"
        case .noSuchRun(let path):
            return "no run folder '\(path)'"
        }
    }
}
