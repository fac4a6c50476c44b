#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that a kill or a full disk can never leave half done (DESIGN.md, "Runs on
/// disk"): run folders' files (DojoCLI) and safetensors files (`SafetensorsFile`) alike.
///
/// `write` puts the bytes in a temporary file in the target's own directory (so the rename
/// stays within one file system), `fsync`s it, renames it over the target, then `fsync`s the
/// directory so the rename itself is durable. At every instant the target path holds either the
/// complete previous file or the complete new one. On any failure the temporary file is removed
/// and the previous file is untouched; the error names the path and the OS reason.
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes` atomically. New files get mode 0644.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let directory = parentDirectory(of: path)
        let template = directory + "/." + lastComponent(of: path) + ".tmp-XXXXXX"
        var templateBytes = Array(template.utf8CString)
        let fd = templateBytes.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError.fromErrno("write", path: path) }
        let tempPath = String(cString: templateBytes)
        var committed = false
        defer {
            if !committed { unlink(tempPath) }
        }
        do {
            defer { close(fd) }
            try writeAll(bytes, to: fd, path: path)
            // mkstemp creates 0600; a run folder's files are ordinary user files.
            guard fchmod(fd, 0o644) == 0 else { throw FileError.fromErrno("write", path: path) }
            guard fsync(fd) == 0 else { throw FileError.fromErrno("write", path: path) }
        }
        guard rename(tempPath, path) == 0 else { throw FileError.fromErrno("write", path: path) }
        committed = true
        syncDirectory(directory)
    }

    /// Replaces the file at `path` with the UTF-8 bytes of `text` atomically.
    public static func write(_ text: String, to path: String) throws(FileError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes every byte, retrying short writes and `EINTR`.
    package static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(FileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileError.fromErrno("write", path: path)
            }
            offset += written
        }
    }

    /// Best effort: a directory that cannot be opened or synced (some file systems refuse)
    /// still has the rename; only its durability across a power cut is weaker.
    package static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    package static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
