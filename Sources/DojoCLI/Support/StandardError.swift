#if canImport(Glibc)
import Glibc
#endif

/// A `TextOutputStream` over the process's standard error.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        fputs(string, stderr)
    }
}
