import DojoLearn

/// Runs `body`, which reads or uses the rows of the CSV file at `path`, so that a data error it
/// throws names the file as well as the line and column — `blobs.csv: line 5, column 'x1': 'zz'
/// is not a number` — since a command may read two files (a model and a data set) and the
/// library's errors only know lines. Other errors pass through as `CommandError`s unchanged.
func inDataFile<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DataError {
        throw CommandError(locating("\(error)", in: path))
    } catch let error as ClassEncodingError {
        throw CommandError(locating("\(error)", in: path))
    } catch {
        throw CommandError(error)
    }
}

/// `message` prefixed with `path: `, unless it already names the file.
func locating(_ message: String, in path: String) -> String {
    message.hasPrefix(path) || message.contains("'\(path)'") ? message : "\(path): \(message)"
}
