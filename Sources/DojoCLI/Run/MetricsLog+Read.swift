/// A malformed `metrics.csv`, named by file and line: `runs/a/metrics.csv:12: ...`.
public struct MetricsError: Error, CustomStringConvertible, Equatable {
    public let source: String
    /// 1-based line number, nil for a problem with the file as a whole.
    public let line: Int?
    public let message: String

    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}

extension MetricsLog {
    /// Reads the episode rows of a `metrics.csv`.
    public static func read(_ path: String) throws -> [EpisodeRow] {
        try parse(FileSystem.readText(path), source: path)
    }

    /// Parses `metrics.csv` text. The header must be exactly `header`; every row must have 7
    /// fields of the right type (`loss` may be empty). A final line without its `\n` is an
    /// interrupted write and is ignored; `source` names the file in errors.
    public static func parse(_ text: String, source: String) throws(MetricsError) -> [EpisodeRow] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The piece after the last "\n": empty for a well-formed file, a torn row otherwise.
        lines.removeLast()
        guard let first = lines.first else {
            throw MetricsError(source: source, line: nil, message: "is empty; expected the header '\(header)'")
        }
        guard first == header else {
            throw MetricsError(source: source, line: 1,
                               message: "header is '\(first)', expected '\(header)'")
        }
        var rows: [EpisodeRow] = []
        rows.reserveCapacity(lines.count - 1)
        for (index, line) in lines.enumerated().dropFirst() {
            rows.append(try parseRow(line, source: source, lineNumber: index + 1))
        }
        return rows
    }

    private static func parseRow(_ line: Substring, source: String, lineNumber: Int) throws(MetricsError) -> EpisodeRow {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == columnCount else {
            throw MetricsError(source: source, line: lineNumber,
                               message: "expected \(columnCount) fields, found \(fields.count)")
        }
        let names = header.split(separator: ",")
        func fail(_ column: Int, _ kind: String) -> MetricsError {
            MetricsError(source: source, line: lineNumber,
                         message: "\(names[column]) '\(fields[column])' is not \(kind)")
        }
        func int(_ column: Int) throws(MetricsError) -> Int {
            guard let value = Int(fields[column]) else { throw fail(column, "an integer") }
            return value
        }
        func double(_ column: Int) throws(MetricsError) -> Double {
            guard let value = Double(fields[column]), value.isFinite else { throw fail(column, "a finite number") }
            return value
        }
        let loss: Double? = fields[5].isEmpty ? nil : try double(5)
        return EpisodeRow(step: try int(0), episode: try int(1), return: try double(2), length: try int(3),
                          epsilon: try double(4), loss: loss, stepsPerSecond: try double(6))
    }

    /// `text` with the last column (`steps_per_s`, the only wall-clock-dependent one) removed
    /// from every line: what two runs with the same seed must agree on byte for byte.
    public static func deterministicColumns(of text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let comma = line.lastIndex(of: ",") else { return line }
            return line[..<comma]
        }
    }

    /// The first line (1-based) where two `metrics.csv` texts differ outside `steps_per_s`,
    /// with both versions; nil when they agree.
    public static func firstDifferenceIgnoringSpeed(_ a: String, _ b: String) -> (line: Int, a: String, b: String)? {
        let left = deterministicColumns(of: a), right = deterministicColumns(of: b)
        for i in 0..<max(left.count, right.count) {
            let l = i < left.count ? String(left[i]) : "<end of file>"
            let r = i < right.count ? String(right[i]) : "<end of file>"
            if l != r { return (i + 1, l, r) }
        }
        return nil
    }
}
