import Foundation
import Testing
@testable import DojoCLI

/// Drives the built `dojo` binary as a user would: in a scratch working directory, with
/// standard output and standard error captured, and exit status checked.
///
/// The binary is the one built with these tests (`KernelTests.dojoBinary()`); a test fails,
/// rather than skips, when it is missing, since these tests exist to exercise it.
struct DojoResult {
    var status: Int32
    var out: String
    var err: String
    /// Whether the process ended by a signal rather than by `exit`.
    var signalled: Bool

    var outLines: [String] { out.split(separator: "\n").map(String.init) }
    var errLines: [String] { err.split(separator: "\n").map(String.init) }
}

/// A fresh directory under the system temporary directory; `work` is the working directory
/// commands run in, `logs` (outside it) holds their captured output so it never shows up in a
/// listing of what a command wrote. Removed when the value is released.
final class Scratch {
    let root: String
    let work: String
    private let logs: String
    private var counter = 0

    init(_ label: String = "dojo-cli") throws {
        let base = FileManager.default.temporaryDirectory.path
        root = base + "/\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        work = root + "/work"
        logs = root + "/logs"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// The absolute path of `name` inside the working directory.
    func path(_ name: String) -> String { work + "/" + name }

    func write(_ text: String, to name: String) throws {
        try text.write(toFile: path(name), atomically: false, encoding: .utf8)
    }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Every file and directory under the working directory (relative paths, sorted), with
    /// each file's size: two equal listings mean nothing was created, removed or resized.
    func listing() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: work) else { return [] }
        var entries: [String] = []
        while let relative = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path(relative))
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let isDirectory = (attributes?[.type] as? FileAttributeType) == .typeDirectory
            entries.append(isDirectory ? relative + "/" : "\(relative) (\(size) bytes)")
        }
        return entries.sorted()
    }

    /// Runs `dojo arguments` in the working directory and waits for it.
    func dojo(_ arguments: [String]) throws -> DojoResult {
        let process = try start(arguments)
        return finish(process)
    }

    /// A `dojo` process started in the working directory, for tests that signal it.
    struct Running {
        let process: Process
        let outPath: String
        let errPath: String
    }

    /// Starts `dojo arguments` without waiting for it.
    func start(_ arguments: [String]) throws -> Running {
        let binary = try #require(builtExecutable("dojo"), "the dojo executable is not built (swift build)")
        counter += 1
        let outPath = logs + "/\(counter).out", errPath = logs + "/\(counter).err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: work)
        // Files rather than pipes: nothing to drain concurrently, so no deadlock on big output.
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, outPath: outPath, errPath: errPath)
    }

    func finish(_ running: Running) -> DojoResult {
        running.process.waitUntilExit()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return DojoResult(status: running.process.terminationStatus, out: read(running.outPath),
                          err: read(running.errPath),
                          signalled: running.process.terminationReason == .uncaughtSignal)
    }
}

/// A tiny, fast training configuration on FrozenLake (a debug build trains it in about a second):
/// a 16-unit network, learning after 50 steps, a small buffer, checkpoints every 500 steps.
func tinyTrainArguments(run: String, steps: Int = 1_500, seed: Int = 3, extra: [String] = []) -> [String] {
    ["train", "--preset", "frozenlake-dqn", "--steps", "\(steps)", "--seed", "\(seed)", "--run", run,
     "--set", "net_arch=[16]", "--set", "learning_starts=50", "--set", "buffer_size=2000",
     "--set", "eval_episodes=10", "--set", "checkpoint_interval=500", "--quiet"] + extra
}

/// Checks the project's rule for bad input: a non-zero exit (not a crash), nothing on standard
/// output, and exactly one line on standard error, `dojo: error: ...`, containing every string
/// of `mentioning` (what was wrong and where).
func expectOneErrorLine(_ result: DojoResult, mentioning: [String] = [],
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!result.signalled, "crashed: \(result.err)", sourceLocation: sourceLocation)
    #expect(result.status == 1, "exit status \(result.status); stderr: \(result.err)", sourceLocation: sourceLocation)
    #expect(result.out.isEmpty, "unexpected output: \(result.out)", sourceLocation: sourceLocation)
    #expect(result.errLines.count == 1, "expected one line on stderr, got:\n\(result.err)", sourceLocation: sourceLocation)
    let line = result.errLines.first ?? ""
    #expect(line.hasPrefix("dojo: error: "), "stderr: \(result.err)", sourceLocation: sourceLocation)
    for fragment in mentioning {
        #expect(line.contains(fragment), "'\(line)' does not mention '\(fragment)'", sourceLocation: sourceLocation)
    }
}

/// Checks ArgumentParser's format for a misused flag: exit status 64, `Error: ...` naming the
/// problem on the first line, then at most a few lines of help and usage; no trace.
func expectUsageError(_ result: DojoResult, mentioning: [String] = [],
                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!result.signalled, "crashed: \(result.err)", sourceLocation: sourceLocation)
    #expect(result.status == 64, "exit status \(result.status); stderr: \(result.err)", sourceLocation: sourceLocation)
    #expect(result.out.isEmpty, sourceLocation: sourceLocation)
    let lines = result.errLines
    #expect((1...4).contains(lines.count), "stderr:\n\(result.err)", sourceLocation: sourceLocation)
    let first = lines.first ?? ""
    #expect(first.hasPrefix("Error: "), "stderr: \(result.err)", sourceLocation: sourceLocation)
    #expect(lines.contains { $0.hasPrefix("Usage: dojo") }, "no usage line: \(result.err)", sourceLocation: sourceLocation)
    for fragment in mentioning {
        #expect(first.contains(fragment), "'\(first)' does not mention '\(fragment)'", sourceLocation: sourceLocation)
    }
}

/// Parses one line of JSON as an object.
func jsonObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text)", sourceLocation: sourceLocation)
}

/// A seeded generator for test data (SplitMix64), so the tests need no other module.
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    mutating func uniform() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992 }

    /// Standard normal by Box-Muller.
    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

/// `count` rows of Gaussian blobs (unit variance) around `centres`, one class per centre, in
/// round-robin order, as CSV text with columns x1...xd and `label` (c0, c1, ...).
func blobsCSV(centres: [[Double]], count: Int, spread: Double = 1, seed: UInt64) -> String {
    var rng = TestRandom(seed: seed)
    let d = centres[0].count
    var lines = [((1...d).map { "x\($0)" } + ["label"]).joined(separator: ",")]
    for i in 0..<count {
        let c = i % centres.count
        let fields = centres[c].map { String(format: "%.4f", $0 + spread * rng.normal()) }
        lines.append((fields + ["c\(c)"]).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
}

/// The executable `name` ("dojo", "dojo-viz") built with these tests: next to the test bundle
/// (SwiftPM puts every product of a configuration in one directory), else under the package's
/// .build/debug. Every test that runs a built product finds it here.
func builtExecutable(_ name: String) -> URL? {
    var candidates: [URL] = []
    if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // On Linux the bundle is DojoPackageTests.xctest in the bin dir; on macOS it is a
        // directory bundle, three levels deeper.
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent(name))
            dir.deleteLastPathComponent()
        }
    }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(packageRoot.appendingPathComponent(".build/debug/" + name))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// Two metrics.csv texts agree in every column but the wall-clock `steps_per_s`; a failure names
/// the first differing line.
func expectSameMetrics(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let difference = MetricsLog.firstDifferenceIgnoringSpeed(a, b)
    #expect(difference == nil, "line \(difference?.line ?? 0): \(difference?.a ?? "") vs \(difference?.b ?? "")",
            sourceLocation: sourceLocation)
}
