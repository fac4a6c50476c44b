import Foundation
import Yams

/// The preset/override vocabulary: one entry per YAML key, in the order `config.yaml` lists them.
extension DQNConfig {
    struct Field: Sendable {
        let key: String
        let read: @Sendable (inout DQNConfig, Any, String) throws -> Void
        let write: @Sendable (DQNConfig) -> String
    }

    static let fields: [Field] = [
        .string("env", \.env),
        .int("n_timesteps", \.totalSteps),
        .uint("seed", \.seed),
        .double("learning_rate", \.learningRate),
        .int("batch_size", \.batchSize),
        .int("buffer_size", \.bufferSize),
        .int("learning_starts", \.learningStarts),
        .double("gamma", \.gamma),
        .int("target_update_interval", \.targetUpdateInterval),
        .double("tau", \.tau),
        .int("train_freq", \.trainFrequency),
        .int("gradient_steps", \.gradientSteps),
        .double("exploration_fraction", \.explorationFraction),
        .double("exploration_initial_eps", \.explorationInitialEpsilon),
        .double("exploration_final_eps", \.explorationFinalEpsilon),
        .intList("net_arch", \.hiddenLayers),
        .choice("activation", \.activation),
        .choice("loss", \.loss),
        .double("max_grad_norm", \.maxGradNorm),
        .bool("double_q", \.doubleQ),
        .bool("dueling", \.dueling),
        .int("n_steps", \.nSteps),
        .bool("prioritized_replay", \.prioritizedReplay),
        .double("per_alpha", \.priorityAlpha),
        .double("per_beta", \.priorityBeta),
        .double("per_eps", \.priorityEpsilon),
        .int("checkpoint_interval", \.checkpointInterval),
        .int("eval_episodes", \.evalEpisodes),
        .int("eval_interval", \.evalInterval),
        .int("eval_interval_episodes", \.evalIntervalEpisodes),
        .bool("keep_best", \.keepBest),
        .bool("split_hidden_units", \.splitHiddenUnits),
    ]

    public static var fieldNames: [String] { fields.map(\.key) }

    /// A configuration from YAML text: defaults, then every key in the text. An unknown key or a
    /// value of the wrong type is an error naming it; `source` names the text in messages.
    /// Keys listed in `ignoring` (such as a run's `dojo_version`) are skipped.
    public init(yaml text: String, source: String, ignoring: Set<String> = []) throws {
        self.init()
        try apply(yaml: text, source: source, ignoring: ignoring)
    }

    /// Overrides the fields present in `text`.
    public mutating func apply(yaml text: String, source: String, ignoring: Set<String> = []) throws {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch {
            throw ConfigError.malformedYAML(source: source, reason: "\(error)".split(separator: "\n").first.map(String.init) ?? "")
        }
        guard let loaded else { return }
        guard let mapping = loaded as? [String: Any] else {
            throw ConfigError.malformedYAML(source: source, reason: "the top level must be a mapping of field: value")
        }
        // Iterate the pairs, not `mapping[key]`: that is an `Any?`, which `as Any` would wrap
        // in an Optional and error messages would print as `Optional("abc")`.
        for (key, value) in mapping.sorted(by: { $0.key < $1.key }) where !ignoring.contains(key) {
            try set(key, to: value, source: source)
        }
    }

    /// Applies one `key=value` override (the value is read as a YAML scalar or flow list).
    public mutating func apply(override text: String) throws {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw ConfigError.malformedOverride(text)
        }
        let key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let raw = String(text[text.index(after: eq)...])
        let value: Any
        do { value = try Yams.load(yaml: raw) ?? raw } catch { value = raw }
        try set(key, to: value, source: "--set \(key)")
    }

    mutating func set(_ key: String, to value: Any, source: String) throws {
        guard let field = Self.fields.first(where: { $0.key == key }) else {
            throw ConfigError.unknownField(key, source: source)
        }
        try field.read(&self, value, source)
    }

    /// Every field as YAML, in table order (the run's `config.yaml` body).
    public var yaml: String {
        Self.fields.map { "\($0.key): \($0.write(self))" }.joined(separator: "\n") + "\n"
    }
}

// Typed readers: each checks the YAML value's type and names the field when it is wrong.
extension DQNConfig.Field {
    static func int(_ key: String, _ path: WritableKeyPath<DQNConfig, Int> & Sendable) -> Self {
        Self(key: key, read: { config, value, source in
            if let v = value as? Int { config[keyPath: path] = v; return }
            if let d = value as? Double, d.rounded() == d, abs(d) < 1e15 { config[keyPath: path] = Int(d); return }
            throw ConfigError.wrongType(field: key, expected: "an integer", got: yamlText(value), source: source)
        }, write: { "\($0[keyPath: path])" })
    }

    static func uint(_ key: String, _ path: WritableKeyPath<DQNConfig, UInt64> & Sendable) -> Self {
        Self(key: key, read: { config, value, source in
            if let v = value as? Int, v >= 0 { config[keyPath: path] = UInt64(v); return }
            throw ConfigError.wrongType(field: key, expected: "a non-negative integer", got: yamlText(value), source: source)
        }, write: { "\($0[keyPath: path])" })
    }

    static func double(_ key: String, _ path: WritableKeyPath<DQNConfig, Double> & Sendable) -> Self {
        Self(key: key, read: { config, value, source in
            if let v = value as? Double { config[keyPath: path] = v; return }
            if let v = value as? Int { config[keyPath: path] = Double(v); return }
            if let s = value as? String, let v = Double(s) { config[keyPath: path] = v; return }
            throw ConfigError.wrongType(field: key, expected: "a number", got: yamlText(value), source: source)
        }, write: { $0[keyPath: path].description })  // shortest text that reads back exactly
    }

    static func bool(_ key: String, _ path: WritableKeyPath<DQNConfig, Bool> & Sendable) -> Self {
        Self(key: key, read: { config, value, source in
            if let v = value as? Bool { config[keyPath: path] = v; return }
            throw ConfigError.wrongType(field: key, expected: "true or false", got: yamlText(value), source: source)
        }, write: { "\($0[keyPath: path])" })
    }

    static func string(_ key: String, _ path: WritableKeyPath<DQNConfig, String> & Sendable) -> Self {
        Self(key: key, read: { config, value, source in
            if let v = value as? String { config[keyPath: path] = v; return }
            throw ConfigError.wrongType(field: key, expected: "a string", got: yamlText(value), source: source)
        }, write: { yamlScalar($0[keyPath: path]) })
    }

    static func intList(_ key: String, _ path: WritableKeyPath<DQNConfig, [Int]> & Sendable) -> Self {
        Self(key: key, read: { config, value, source in
            if let list = value as? [Any] {
                let ints = list.compactMap { $0 as? Int }
                if ints.count == list.count { config[keyPath: path] = ints; return }
            }
            if let v = value as? Int { config[keyPath: path] = [v]; return }
            throw ConfigError.wrongType(field: key, expected: "a list of integers like [256, 256]", got: yamlText(value), source: source)
        }, write: { "[" + $0[keyPath: path].map(String.init).joined(separator: ", ") + "]" })
    }

    static func choice<C: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ path: WritableKeyPath<DQNConfig, C> & Sendable
    ) -> Self where C.RawValue == String {
        Self(key: key, read: { config, value, source in
            if let s = value as? String, let v = C(rawValue: s) { config[keyPath: path] = v; return }
            let options = C.allCases.map(\.rawValue).joined(separator: " or ")
            throw ConfigError.wrongType(field: key, expected: options, got: yamlText(value), source: source)
        }, write: { $0[keyPath: path].rawValue })
    }
}

/// A loaded YAML value as the user wrote it, for error messages: `abc`, `[a, 2]`, `null`.
func yamlText(_ value: Any) -> String {
    switch value {
    case is NSNull: return "null"
    case let list as [Any]: return "[" + list.map(yamlText).joined(separator: ", ") + "]"
    case let map as [String: Any]:
        return "{" + map.sorted { $0.key < $1.key }.map { "\($0.key): \(yamlText($0.value))" }.joined(separator: ", ") + "}"
    default: return "\(value)"
    }
}

/// `text` as a YAML scalar that reads back as this same string: plain when Yams already reads it
/// so, else single-quoted. An environment id such as `2048`, `true` or `null` written plain would
/// come back as a number, a Bool or nothing, and the run's config.yaml would no longer load.
func yamlScalar(_ text: String) -> String {
    if let back = try? Yams.load(yaml: text) as? String, back == text { return text }
    return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
}

