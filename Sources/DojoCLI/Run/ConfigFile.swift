import Yams

/// Reads and writes a run's `config.yaml` (DESIGN.md, "Runs on disk"): every resolved
/// hyperparameter, the seed, the env id and `dojo_version`, as block-style YAML in the order
/// given, so a person can read it and `--resume` can load it back with the same types.
///
/// Writing is done here by hand rather than by Yams' emitter so the text is stable and typed
/// exactly: integers print as `256`, doubles always with a `.` or an exponent (`0.0023`, `1e-05`,
/// `5.0`) so they read back as doubles, and a string that YAML would read as something else
/// (`"yes"`, `"1.5"`, `""`, `"a: b"`) is double-quoted.
public enum ConfigFile {
    /// The YAML text for `section`, preceded by `# comment` lines if `comment` is given.
    public static func yaml(_ section: ConfigSection, comment: String? = nil) -> String {
        var out = ""
        if let comment {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "#\n" : "# \(line)\n"
            }
        }
        appendBlock(section, indent: "", to: &out)
        return out
    }

    /// Writes `section` to `path` atomically, with `dojo_version` as the first key.
    public static func write(_ section: ConfigSection, to path: String,
                             comment: String? = "Dojo run configuration.") throws(FileError) {
        var withVersion = section
        withVersion.prepend("dojo_version", .string(DojoTool.version))
        try AtomicFile.write(yaml(withVersion, comment: comment), to: path)
    }

    /// Reads a `config.yaml`.
    public static func read(_ path: String) throws -> ConfigSection {
        try parse(FileSystem.readText(path), source: path)
    }

    /// Parses YAML whose top level is a mapping (an empty document is an empty section).
    /// Scalars keep their YAML type (int, float, bool, str); null values, non-string keys and
    /// duplicate keys are errors naming the line.
    public static func parse(_ text: String, source: String) throws(ConfigFileError) -> ConfigSection {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw oneLine(error, source: source)
        } catch {
            throw ConfigFileError(source: source, line: nil, message: "\(error)")
        }
        guard let root else { return ConfigSection() }
        guard case .mapping(let mapping) = root else {
            throw ConfigFileError(source: source, line: root.mark?.line,
                                  message: "expected 'key: value' lines at the top level")
        }
        var section = try convert(mapping, source: source, path: [])
        section.source = source
        return section
    }

    // MARK: Writing

    private static func appendBlock(_ section: ConfigSection, indent: String, to out: inout String) {
        for entry in section.entries {
            let key = scalarText(entry.key)
            switch entry.value {
            case .section(let inner) where !inner.entries.isEmpty:
                out += "\(indent)\(key):\n"
                appendBlock(inner, indent: indent + "  ", to: &out)
            default:
                out += "\(indent)\(key): \(inline(entry.value))\n"
            }
        }
    }

    /// A value on one line: scalars, flow lists `[256, 256]`, flow sections `{a: 1}`.
    static func inline(_ value: ConfigValue) -> String {
        switch value {
        case .string(let s): return scalarText(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .double(let d): return doubleText(d)
        case .list(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .section(let s):
            return "{" + s.entries.map { scalarText($0.key) + ": " + inline($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// Shortest round-tripping decimal, always recognisably a float to YAML.
    static func doubleText(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        let text = d.description   // e.g. "0.0023", "1e-05", "5.0", "1e+16"
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    /// A string as a plain scalar when that reads back as the same string, else double-quoted.
    static func scalarText(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
                || c == "_" || c == "-" || c == "." || c == "/" || c == " " || c == "+"
        }
        let plain = safe && !s.isEmpty && s.first != " " && s.last != " " && s.first != "-"
            && Resolver.default.resolveTag(of: Node(s)) == .str
        if plain { return s }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7f {
                    out += "\\x" + (c.value < 0x10 ? "0" : "") + String(c.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    // MARK: Reading

    private static func convert(_ mapping: Node.Mapping, source: String, path: [String]) throws(ConfigFileError) -> ConfigSection {
        var section = ConfigSection()
        section.source = source
        section.keyPath = path
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line
            guard case .scalar(let keyScalar) = keyNode else {
                throw ConfigFileError(source: source, line: line, message: "keys must be plain names")
            }
            let key = keyScalar.string
            let dotted = (path + [key]).joined(separator: ".")
            if section[key] != nil {
                throw ConfigFileError(source: source, line: line, message: "duplicate key '\(dotted)'")
            }
            section.set(key, try convert(valueNode, source: source, path: path + [key]), line: line)
        }
        return section
    }

    private static func convert(_ node: Node, source: String, path: [String]) throws(ConfigFileError) -> ConfigValue {
        let dotted = path.joined(separator: ".")
        switch node {
        case .mapping(let mapping):
            return .section(try convert(mapping, source: source, path: path))
        case .sequence(let sequence):
            var items: [ConfigValue] = []
            for item in sequence { items.append(try convert(item, source: source, path: path)) }
            return .list(items)
        case .scalar(let scalar):
            let fail = ConfigFileError(source: source, line: node.mark?.line,
                                       message: "'\(dotted)' has an unreadable value '\(scalar.string)'")
            switch Tag.Name(rawValue: node.tag.description) {
            case .str: return .string(scalar.string)
            case .int:
                guard let v = node.int else { throw fail }
                return .int(v)
            case .float:
                guard let v = node.float else { throw fail }
                return .double(v)
            case .bool:
                guard let v = node.bool else { throw fail }
                return .bool(v)
            case .null:
                throw ConfigFileError(source: source, line: node.mark?.line, message: "'\(dotted)' has no value")
            default:
                // Timestamps and other YAML types: keep the text.
                return .string(scalar.string)
            }
        }
    }

    private static func oneLine(_ error: YamlError, source: String) -> ConfigFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return ConfigFileError(source: source, line: mark.line, message: "invalid YAML: \(problem)")
        default:
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            return ConfigFileError(source: source, line: nil, message: first)
        }
    }
}
