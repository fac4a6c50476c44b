/// A problem with a user's data file, described in one line that names where it is.
///
/// Line numbers count from 1 and include the header, so `line 3` is the second data row, the
/// same number an editor shows.
public enum DataError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The file has no header row (it is empty or only blank lines).
    case empty(source: String)
    /// The header is there but no data row follows it.
    case noRows(source: String)
    /// A column the caller asked for is not in the header.
    case missingColumn(name: String, available: [String])
    /// Two header cells carry the same name.
    case duplicateColumn(name: String)
    /// A data row has a different number of fields than the header.
    case raggedRow(line: Int, expected: Int, found: Int)
    /// A field that must be a finite number is not.
    case badValue(line: Int, column: String, value: String)
    /// A quoted field is not closed before the end of the file.
    case unterminatedQuote(line: Int)
    /// Nothing is left to learn from (for example, every column is the label).
    case noFeatures

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read '\(path)': \(reason)"
        case let .empty(source):
            return "\(source) is empty: expected a header row of column names"
        case let .noRows(source):
            return "\(source) has a header but no data rows"
        case let .missingColumn(name, available):
            let shown = available.prefix(12).joined(separator: ", ") + (available.count > 12 ? ", ..." : "")
            return "no column named '\(name)' (columns: \(shown))"
        case let .duplicateColumn(name):
            return "column '\(name)' appears more than once in the header"
        case let .raggedRow(line, expected, found):
            return "line \(line): expected \(expected) fields like the header, found \(found)"
        case let .badValue(line, column, value):
            let shown = value.isEmpty ? "an empty field" : "'\(value)'"
            return "line \(line), column '\(column)': \(shown) is not a number"
        case let .unterminatedQuote(line):
            return "line \(line): a quoted field is never closed"
        case .noFeatures:
            return "no feature columns left besides the label"
        }
    }
}
