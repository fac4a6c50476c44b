import ArgumentParser
import DojoRL
import Foundation

/// `dojo envs [--json]`: every registered environment with its spaces, time limit and threshold.
struct Envs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs",
        abstract: "List the registered environments: id, observation and action spaces, max steps, reward threshold."
    )

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    struct Row {
        var id: String
        var observation: String
        var action: String
        var maxSteps: String
        var threshold: String
        var summary: String
    }

    func run() throws {
        let rows = CommandContext.registry.specs.map(Self.row)
        if json {
            for (spec, row) in zip(CommandContext.registry.specs, rows) {
                let object: [String: Any] = [
                    "id": row.id, "observation_space": row.observation, "action_space": row.action,
                    "max_episode_steps": spec.maxEpisodeSteps.map { $0 as Any } ?? NSNull(),
                    "reward_threshold": spec.rewardThreshold.map { $0 as Any } ?? NSNull(),
                    "summary": row.summary,
                ]
                let line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: line, as: UTF8.self))
            }
            return
        }
        let header = Row(id: "ID", observation: "OBSERVATION SPACE", action: "ACTION SPACE", maxSteps: "MAX STEPS",
                         threshold: "THRESHOLD", summary: "")
        let all = [header] + rows
        let widths = [all.map(\.id.count).max()!, all.map(\.observation.count).max()!, all.map(\.action.count).max()!,
                      all.map(\.maxSteps.count).max()!]
        for row in all {
            let line = EnvFormatting.pad(row.id, widths[0]) + "  " + EnvFormatting.pad(row.observation, widths[1]) + "  " + EnvFormatting.pad(row.action, widths[2])
                + "  " + EnvFormatting.pad(row.maxSteps, widths[3], right: true) + "  " + row.threshold
            print(EnvFormatting.trimmingTrailingSpaces(line))
        }
    }

    /// Describes a spec by making its raw environment once (factories are cheap). An environment
    /// that needs options (a map file) shows what it needs instead of its spaces.
    static func row(_ spec: EnvironmentSpec) -> Row {
        var observation = "(needs options)", action = "-"
        if let env = try? spec.factory(EnvironmentOptions()) {
            observation = "\(env.observationSpace)"
            action = "\(env.actionSpace)"
        } else if spec.id == "gridworld" {
            observation = "(from --map FILE)"
        }
        return Row(id: spec.id, observation: observation, action: action,
                   maxSteps: spec.maxEpisodeSteps.map(String.init) ?? "-",
                   threshold: spec.rewardThreshold.map { "\($0)" } ?? "-", summary: spec.summary)
    }
}

/// Formatting shared by the environment commands (envs, check-env, bench env).
enum EnvFormatting {
    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        var s = Substring(line)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
