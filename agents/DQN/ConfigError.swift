/// A problem with a preset file or a `--set key=value` override, naming the field.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case unknownField(String, source: String)
    case wrongType(field: String, expected: String, got: String, source: String)
    case invalidValue(field: String, reason: String)
    case malformedYAML(source: String, reason: String)
    case malformedOverride(String)
    case presetNotFound(String, known: [String])

    public var description: String {
        switch self {
        case .unknownField(let field, let source):
            return "\(source): unknown field '\(field)'"
        case .wrongType(let field, let expected, let got, let source):
            return "\(source): field '\(field)' must be \(expected), got '\(got)'"
        case .invalidValue(let field, let reason):
            return "field '\(field)' \(reason)"
        case .malformedYAML(let source, let reason):
            return "\(source): not valid YAML: \(reason)"
        case .malformedOverride(let text):
            return "--set '\(text)': expected key=value"
        case .presetNotFound(let name, let known):
            return "no preset '\(name)' (known: \(known.joined(separator: ", ")); or give a path to a .yaml file)"
        }
    }
}
