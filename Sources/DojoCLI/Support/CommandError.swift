/// A problem a user can fix, shown as one line `dojo: error: <description>` with exit status 1.
/// Library errors are wrapped in it at the command boundary (`CommandError(error)`), so every
/// message reaching the user goes through one path.
struct CommandError: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }

    /// Wraps any error, keeping its own description.
    init(_ error: Error) {
        if let already = error as? CommandError { self = already } else { description = "\(error)" }
    }
}

/// Runs `body`, turning any error it throws into a `CommandError`.
func userFacing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw CommandError(error) }
}
