/// The classes of a label column and their indices 0..<count.
///
/// Classes are ordered numerically when every label is an integer ("2" before "10"), otherwise
/// lexicographically, so the same labels always get the same indices whatever the row order.
public struct ClassEncoding: Codable, Equatable, Sendable {
    /// The class names; index i is class i.
    public var names: [String]

    public var count: Int { names.count }

    public init(names: [String]) {
        self.names = names
    }

    /// The distinct labels found in `labels`, ordered as described above.
    public init(fitting labels: [String]) {
        let distinct = Array(Set(labels))
        let integers = distinct.compactMap { Int($0) }
        if integers.count == distinct.count {
            names = distinct.sorted { Int($0)! < Int($1)! }
        } else {
            names = distinct.sorted()
        }
    }

    /// The index of each label; throws for a label the encoding has not seen.
    public func encode(_ labels: [String], lineNumbers: [Int]? = nil, column: String = "label") throws -> [Int] {
        var lookup: [String: Int] = [:]
        for (i, name) in names.enumerated() { lookup[name] = i }
        return try labels.enumerated().map { i, label in
            guard let index = lookup[label] else {
                throw ClassEncodingError.unknownClass(label: label, line: lineNumbers?[i], column: column, known: names)
            }
            return index
        }
    }
}

/// A label the model was not trained on.
public enum ClassEncodingError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownClass(label: String, line: Int?, column: String, known: [String])

    public var description: String {
        switch self {
        case let .unknownClass(label, line, column, known):
            let place = line.map { "line \($0), " } ?? ""
            let shown = known.prefix(12).joined(separator: ", ") + (known.count > 12 ? ", ..." : "")
            return "\(place)column '\(column)': class '\(label)' was not seen in training (classes: \(shown))"
        }
    }
}
