import DojoNN
import Foundation
import Testing
@testable import DojoCLI

/// A fresh empty directory under the system temp dir, unique per call.
func makeScratchDirectory(_ label: String = #function) -> String {
    let base = NSTemporaryDirectory() + "dojo-run-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    return base
}

func readText(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("write creates the file and replaces an existing one, leaving no temporary files")
    func replaces() throws {
        let dir = makeScratchDirectory()
        let path = dir + "/a.txt"
        try AtomicFile.write("first\n", to: path)
        #expect(readText(path) == "first\n")
        try AtomicFile.write([0x73, 0x65, 0x63, 0x0a], to: path)
        #expect(readText(path) == "sec\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.txt"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test("a failed write keeps the previous file and leaves no temporary file")
    func failureKeepsPrevious() throws {
        let dir = makeScratchDirectory()
        let path = dir + "/target"
        try AtomicFile.write("good", to: path)
        // Renaming a file over a non-empty directory fails after the temp file was written.
        let blocked = dir + "/blocked"
        try FileManager.default.createDirectory(atPath: blocked + "/inner", withIntermediateDirectories: true)
        #expect(throws: FileError.self) { try AtomicFile.write("new", to: blocked) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["blocked", "target"])
        #expect(readText(path) == "good")
    }

    @Test("the error names the path and the OS reason")
    func errorMessage() {
        let path = "/nonexistent-dojo-dir/x.json"
        do {
            try AtomicFile.write("x", to: path)
            Issue.record("expected a failure")
        } catch {
            #expect(error.description == "cannot write '/nonexistent-dojo-dir/x.json': No such file or directory")
            #expect(error.code == ENOENT)
        }
    }
}

@Suite("RunFolder")
struct RunFolderTests {
    @Test("paths follow DESIGN.md's layout")
    func paths() throws {
        let run = try RunFolder(name: "cp", root: "runs")
        #expect(run.path == "runs/cp")
        #expect(run.configPath == "runs/cp/config.yaml")
        #expect(run.metricsPath == "runs/cp/metrics.csv")
        #expect(run.modelPath == "runs/cp/model.safetensors")
        #expect(run.checkpointDirectory == "runs/cp/checkpoint")
        #expect(run.curvePath == "runs/cp/curve.svg")
        #expect(run.evalPath == "runs/cp/eval.json")
    }

    @Test("prepare creates the folder and checkpoint/, then refuses to reuse it unless resuming")
    func noClobber() throws {
        let root = makeScratchDirectory() + "/runs"
        let run = try RunFolder(name: "r1", root: root)
        #expect(!run.exists)
        #expect(throws: RunFolderError.nothingToResume(path: run.path)) { try run.prepare(resuming: true) }
        _ = try run.prepare(resuming: false)
        #expect(run.exists && FileSystem.isDirectory(run.checkpointDirectory))
        #expect(!run.hasCheckpoint)
        // Empty apart from checkpoint/: still "not empty", so a second start is refused.
        #expect(throws: RunFolderError.alreadyExists(path: run.path)) { try run.prepare(resuming: false) }
        try AtomicFile.write("x", to: run.checkpointDirectory + "/state.bin")
        #expect(run.hasCheckpoint)
        _ = try run.prepare(resuming: true)
        #expect(readText(run.checkpointDirectory + "/state.bin") == "x")
    }

    @Test("an existing empty folder may be used for a new run")
    func emptyFolderAccepted() throws {
        let root = makeScratchDirectory()
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: false)
        _ = try RunFolder(name: "empty", root: root).prepare(resuming: false)
        #expect(FileSystem.isDirectory(root + "/empty/checkpoint"))
    }

    @Test("an unwritable parent gives a one-line error with the OS reason")
    func unwritableParent() throws {
        let root = makeScratchDirectory()
        chmod(root, 0o555)
        defer { chmod(root, 0o755) }
        let run = try RunFolder(name: "r", root: root)
        // Root ignores permissions; skip the check there rather than pass vacuously.
        if access(root, W_OK) == 0 { return }
        #expect(throws: FileError("create directory", path: run.path, code: EACCES, reason: "Permission denied")) {
            try run.prepare(resuming: false)
        }
    }

    @Test("a regular file where the run folder should be is refused")
    func fileInTheWay() throws {
        let root = makeScratchDirectory()
        try AtomicFile.write("x", to: root + "/r")
        #expect(throws: RunFolderError.notADirectory(path: root + "/r")) {
            try RunFolder(name: "r", root: root).prepare(resuming: false)
        }
    }

    @Test("existing() requires the folder", arguments: [false, true])
    func existing(create: Bool) throws {
        let root = makeScratchDirectory()
        if create { _ = try RunFolder(name: "e", root: root).prepare(resuming: false) }
        if create {
            #expect(try RunFolder.existing(name: "e", root: root).path == root + "/e")
        } else {
            #expect(throws: RunFolderError.noSuchRun(path: root + "/e")) { try RunFolder.existing(name: "e", root: root) }
        }
    }

    @Test("bad names are rejected", arguments: ["", ".", "..", "a/b", "-x", "tab\there"])
    func badNames(name: String) {
        #expect(throws: RunFolderError.invalidName(name)) { try RunFolder(name: name) }
    }

    @Test("default names are <prefix>-<yyyyMMdd-HHmmss>, sort by time and never collide")
    func defaultNames() throws {
        let root = makeScratchDirectory()
        let utc = try #require(TimeZone(identifier: "UTC"))
        // 2024-03-05 07:08:09 UTC
        let date = Date(timeIntervalSince1970: 1_709_622_489)
        let first = RunFolder.defaultName(prefix: "cartpole-dqn", date: date, timeZone: utc, root: root)
        #expect(first == "cartpole-dqn-20240305-070809")
        _ = try RunFolder(name: first, root: root).prepare(resuming: false)
        let second = RunFolder.defaultName(prefix: "cartpole-dqn", date: date, timeZone: utc, root: root)
        #expect(second == "cartpole-dqn-20240305-070809-2")
        let later = RunFolder.defaultName(prefix: "cartpole-dqn", date: date + 1, timeZone: utc, root: root)
        #expect([later, second, first].sorted() == [first, second, later])
    }
}

@Suite("RunFolder errors")
struct RunFolderErrorTests {
    @Test("a runs root that is a file gives a FileError naming it (works even as root)")
    func rootIsAFile() throws {
        let dir = makeScratchDirectory()
        try AtomicFile.write("x", to: dir + "/runs")
        let run = try RunFolder(name: "r", root: dir + "/runs")
        do {
            _ = try run.prepare(resuming: false)
            Issue.record("expected a failure")
        } catch let error as FileError {
            #expect(error.path == dir + "/runs")
            #expect(error.description.hasPrefix("cannot create directory '\(dir)/runs': "))
        }
    }
}
