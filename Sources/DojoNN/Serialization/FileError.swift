#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An operating-system failure on a named file: one line naming the action, the path and the
/// OS's own reason (`strerror(errno)`), e.g.
/// `cannot write 'runs/a/metrics.csv': No space left on device`.
public struct FileError: Error, CustomStringConvertible, Equatable {
    /// What was attempted, as a verb phrase: "write", "create directory", "read", "rename ... to".
    public let action: String
    public let path: String
    /// The OS error number, 0 when the failure was not an OS call (e.g. a non-UTF-8 file).
    public let code: Int32
    public let reason: String

    public init(_ action: String, path: String, code: Int32, reason: String) {
        self.action = action
        self.path = path
        self.code = code
        self.reason = reason
    }

    /// Captures the current `errno`; call it straight after the failing system call.
    package static func fromErrno(_ action: String, path: String) -> FileError {
        let code = errno
        return FileError(action, path: path, code: code, reason: String(cString: strerror(code)))
    }

    public var description: String { "cannot \(action) '\(path)': \(reason)" }
}
