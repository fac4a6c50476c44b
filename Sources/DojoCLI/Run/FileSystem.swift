#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DojoNN

/// The POSIX `write(2)`, reachable from types that have a `write` method of their own.
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}

/// The POSIX `close(2)`, reachable from types that have a `close` method of their own.
func systemClose(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

/// The few directory operations a run folder needs, with `FileError`s that carry the OS reason
/// (Foundation's `FileManager` errors do not say "Permission denied" in one line).
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory, without "." and ".."; sorted so results never depend on the
    /// file system's order.
    static func contents(ofDirectory path: String) throws(FileError) -> [String] {
        guard let dir = opendir(path) else { throw FileError.fromErrno("list directory", path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// `mkdir -p`: creates `path` and any missing parents (mode 0755). An existing directory
    /// is fine; an existing non-directory is an error.
    static func createDirectories(_ path: String) throws(FileError) {
        if isDirectory(path) { return }
        let parent = AtomicFile.parentDirectory(of: path)
        if parent != path && !isDirectory(parent) { try createDirectories(parent) }
        if mkdir(path, 0o755) != 0 && !(errno == EEXIST && isDirectory(path)) {
            throw FileError.fromErrno("create directory", path: path)
        }
    }

    /// Reads a whole file as bytes.
    static func readBytes(_ path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError.fromErrno("read", path: path) }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.fromErrno("read", path: path)
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads a whole file as UTF-8 text.
    static func readText(_ path: String) throws(FileError) -> String {
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileError("read", path: path, code: 0, reason: "not UTF-8 text")
        }
        return text
    }
}
