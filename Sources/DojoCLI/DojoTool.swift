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
            CommandContext.registry = try EnvironmentRegistry(BuiltinEnvironments.specs + extra)
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
