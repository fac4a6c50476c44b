/// One value in a run's `config.yaml`: a scalar, a list, or a nested section.
public indirect enum ConfigValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([ConfigValue])
    case section(ConfigSection)

    /// The kind, as error messages name it ("a string", "an integer", ...).
    public var kind: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case .list: return "a list"
        case .section: return "a section"
        }
    }
}

extension ConfigValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: ConfigValue...) { self = .list(elements) }
}

/// An ordered list of `key: value` pairs: the whole `config.yaml` or one nested section. Order
/// is kept, so the file lists hyperparameters in the order the config type declares them.
///
/// The typed accessors throw `ConfigFileError` naming the file and the dotted key path
/// (`network.hidden`) when a key is missing or has the wrong type.
public struct ConfigSection: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: ConfigValue
        /// 1-based line in the file this entry was read from; nil when built in code.
        public var line: Int?

        public init(key: String, value: ConfigValue, line: Int? = nil) {
            self.key = key
            self.value = value
            self.line = line
        }

        public static func == (a: Entry, b: Entry) -> Bool { a.key == b.key && a.value == b.value }
    }

    public private(set) var entries: [Entry] = []
    /// The file the section came from and its key path inside it, for error messages.
    public var source = "config"
    public var keyPath: [String] = []

    public init() {}

    public init(_ pairs: [(String, ConfigValue)]) {
        for (key, value) in pairs { set(key, value) }
    }

    public init(dictionaryLiteral elements: (String, ConfigValue)...) { self.init(elements) }

    public static func == (a: ConfigSection, b: ConfigSection) -> Bool { a.entries == b.entries }

    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> ConfigValue? {
        entries.first { $0.key == key }?.value
    }

    /// Replaces the value of `key` in place, or appends it.
    public mutating func set(_ key: String, _ value: ConfigValue, line: Int? = nil) {
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i].value = value
        } else {
            entries.append(Entry(key: key, value: value, line: line))
        }
    }

    /// Inserts `key` first (replacing any existing entry).
    public mutating func prepend(_ key: String, _ value: ConfigValue) {
        entries.removeAll { $0.key == key }
        entries.insert(Entry(key: key, value: value), at: 0)
    }

    // MARK: Typed access

    public func string(_ key: String) throws(ConfigFileError) -> String {
        guard case .string(let v) = try value(key) else { throw mismatch(key, "a string") }
        return v
    }

    public func int(_ key: String) throws(ConfigFileError) -> Int {
        guard case .int(let v) = try value(key) else { throw mismatch(key, "an integer") }
        return v
    }

    /// A number; an integer in the file (`gamma: 1`) is accepted as a Double.
    public func double(_ key: String) throws(ConfigFileError) -> Double {
        switch try value(key) {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: throw mismatch(key, "a number")
        }
    }

    public func bool(_ key: String) throws(ConfigFileError) -> Bool {
        guard case .bool(let v) = try value(key) else { throw mismatch(key, "a boolean") }
        return v
    }

    public func list(_ key: String) throws(ConfigFileError) -> [ConfigValue] {
        guard case .list(let v) = try value(key) else { throw mismatch(key, "a list") }
        return v
    }

    /// A nested section, carrying its key path for later errors.
    public func section(_ key: String) throws(ConfigFileError) -> ConfigSection {
        guard case .section(var v) = try value(key) else { throw mismatch(key, "a section") }
        v.source = source
        v.keyPath = keyPath + [key]
        return v
    }

    /// The value of `key`, or an error naming the missing key.
    public func value(_ key: String) throws(ConfigFileError) -> ConfigValue {
        guard let v = self[key] else {
            throw ConfigFileError(source: source, line: nil, message: "missing key '\(dotted(key))'")
        }
        return v
    }

    /// Keys present here but not in `known`: callers reject them so a typo is never ignored.
    public func unknownKeys(known: Set<String>) -> [String] {
        keys.filter { !known.contains($0) }
    }

    func dotted(_ key: String) -> String { (keyPath + [key]).joined(separator: ".") }

    private func mismatch(_ key: String, _ expected: String) -> ConfigFileError {
        let entry = entries.first { $0.key == key }
        return ConfigFileError(source: source, line: entry?.line,
                               message: "'\(dotted(key))' is \(entry?.value.kind ?? "missing"), expected \(expected)")
    }
}

/// A `config.yaml` problem, one line: `runs/a/config.yaml:7: 'batch_size' is a string, expected an integer`.
public struct ConfigFileError: Error, CustomStringConvertible, Equatable {
    public let source: String
    public let line: Int?
    public let message: String

    public init(source: String, line: Int?, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}
