import ArgumentParser
import Foundation
import DojoEnvs
import DojoRL

#if canImport(Glibc)
import Glibc
#endif

/// The `dojo` command line as a library, so a user's package can run it with environments of
/// its own:
///
///     // main.swift of your executable
///     import DojoCLI
///     DojoTool.main(environments: [myCatchSpec])
///
/// Every command (train, eval, watch, check-env, envs, ...) then knows the extra ids.
public enum DojoTool {
    public static let version = "0.1.0"

    /// Runs the command line over the built-in environments plus `environments`, then exits.
    public static func main(environments extra: [EnvironmentSpec] = [], arguments: [String]? = nil) -> Never {
        KernelSelection.reexecWithFastKernelIfNeeded()
        do {
            CommandContext.registry = try registry(adding: extra)
        } catch {
            fail(error)
        }
        do {
            var command = try DojoCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch let error as CommandError {
            fail(error)
        } catch {
            // Help, version, usage and validation errors: ArgumentParser formats and exits.
            DojoCommand.exit(withError: error)
        }
    }

    /// The built-in environments plus `extra`, as `main` registers them. Throws one error whose
    /// description is one line naming every id of `extra` that a built-in already has, or that
    /// `extra` holds more than once. Lets a package test its registrations without running `main`.
    public static func registry(adding extra: [EnvironmentSpec]) throws -> EnvironmentRegistry {
        let builtinIDs = Set(BuiltinEnvironments.specs.map(\.id))
        var seen: [String: Int] = [:]
        for spec in extra { seen[spec.id, default: 0] += 1 }
        var problems: [String] = []
        var reported: Set<String> = []
        for spec in extra where reported.insert(spec.id).inserted {
            if builtinIDs.contains(spec.id) {
                problems.append("environment id '\(spec.id)' is already taken by a built-in environment; give yours another id")
            } else if let count = seen[spec.id], count > 1 {
                problems.append("environment id '\(spec.id)' is registered \(count) times; register each environment once")
            }
        }
        guard problems.isEmpty else { throw CommandError(problems.joined(separator: "; ")) }
        return try userFacing { try EnvironmentRegistry(BuiltinEnvironments.specs + extra) }
    }

    static func fail(_ error: Error) -> Never {
        var stderr = StandardError()
        print("dojo: error: \(oneLine("\(error)"))", to: &stderr)
        exit(1)
    }

    /// Errors are one line (DESIGN.md); a library description that spans lines (a parser's
    /// context, say) is joined rather than allowed to spill over several.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}

/// The root command: lists subcommands, nothing else.
struct DojoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dojo",
        abstract: "Reinforcement-learning environments and agents, natively in Swift.",
        version: DojoTool.version,
        subcommands: [
            Train.self, Eval.self, Watch.self,
            Envs.self, CheckEnv.self, Bench.self,
            Fit.self, Predict.self, Cluster.self, Embed.self,
        ]
    )
}
