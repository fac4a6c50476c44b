import Foundation

/// The YAML presets shipped in `agents/presets/`, in the spirit of rl-baselines3-zoo's
/// hyperparameter files. `--preset NAME` names one; `--preset path/to/file.yaml` reads a file.
public enum Presets {
    /// Names of the built-in presets.
    public static var names: [String] {
        guard let dir = directory,
              let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The configuration a preset names: a built-in name or a path to a YAML file.
    public static func load(_ nameOrPath: String) throws -> DQNConfig {
        let path: String
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
            path = nameOrPath
        } else if let dir = directory, FileManager.default.fileExists(atPath: "\(dir)/\(nameOrPath).yaml") {
            path = "\(dir)/\(nameOrPath).yaml"
        } else {
            throw ConfigError.presetNotFound(nameOrPath, known: names)
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.presetNotFound(nameOrPath, known: names)
        }
        return try DQNConfig(yaml: text, source: path)
    }

    /// The presets folder of the resource bundle, if it can be found. Looked up by hand rather
    /// than through `Bundle.module`, which stops the process when the bundle is missing.
    static var directory: String? {
        let bundleName = "Dojo_DojoAgents.resources"
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent + "/" + bundleName)
        }
        candidates.append(Bundle.main.bundlePath + "/" + bundleName)
        for bundle in Bundle.allBundles { candidates.append(bundle.bundlePath + "/" + bundleName) }
        candidates.append((Bundle.main.bundlePath as NSString).deletingLastPathComponent + "/" + bundleName)
        for candidate in candidates {
            let dir = candidate + "/presets"
            if FileManager.default.fileExists(atPath: dir) { return dir }
        }
        return nil
    }
}
