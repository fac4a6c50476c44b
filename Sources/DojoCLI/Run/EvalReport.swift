import DojoNN
import Foundation

/// The result of a headless evaluation: what `dojo eval --json` prints and a run's `eval.json`
/// holds (issue 4). JSON keys are exactly `env`, `episodes`, `mean_return`, `std_return`,
/// `min_return`, `max_return`, `mean_length`, plus `seed` when known.
///
/// `std_return` is the population standard deviation, sqrt(sum((r - mean)^2) / n), as numpy's
/// default `np.std` (ddof = 0) that Stable-Baselines3's `evaluate_policy` reports.
public struct EvalReport: Codable, Equatable, Sendable {
    public var env: String
    public var episodes: Int
    public var meanReturn: Double
    public var stdReturn: Double
    public var minReturn: Double
    public var maxReturn: Double
    public var meanLength: Double
    public var seed: Int?

    enum CodingKeys: String, CodingKey {
        case env, episodes, seed
        case meanReturn = "mean_return", stdReturn = "std_return"
        case minReturn = "min_return", maxReturn = "max_return"
        case meanLength = "mean_length"
    }

    /// Summarizes finished episodes. `results` must be non-empty (the CLI validates
    /// `--episodes >= 1`); results must be in episode order for the statistics to be
    /// reproducible bit for bit (floating-point sums depend on order).
    public init(env: String, seed: Int? = nil, results: [(return: Double, length: Int)]) {
        precondition(!results.isEmpty, "EvalReport: no episodes to summarize")
        let n = Double(results.count)
        let mean = results.reduce(0) { $0 + $1.return } / n
        let variance = results.reduce(0) { $0 + ($1.return - mean) * ($1.return - mean) } / n
        self.env = env
        self.seed = seed
        episodes = results.count
        meanReturn = mean
        stdReturn = variance.squareRoot()
        minReturn = results.map(\.return).min()!
        maxReturn = results.map(\.return).max()!
        meanLength = Double(results.reduce(0) { $0 + $1.length }) / n
    }

    /// Summarizes finished episodes as `init(env:seed:results:)` does, but refuses a non-finite
    /// episode return (an environment that rewarded infinity or NaN) with an error naming the
    /// episode, instead of trapping later when the report is written as JSON.
    init(checking results: [(return: Double, length: Int)], env: String, seed: Int?) throws {
        if let bad = results.firstIndex(where: { !$0.return.isFinite }) {
            throw CommandError("\(env): evaluation episode \(bad + 1) returned \(results[bad].return); "
                + "the environment's rewards must be finite numbers")
        }
        self.init(env: env, seed: seed, results: results)
    }

    /// One JSON object, keys sorted, no trailing newline; `pretty` spreads it over lines
    /// (for `eval.json`), otherwise a single line (for `--json` on standard output).
    public func json(pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, integers and finite doubles cannot fail; non-finite returns
        // are refused here rather than written as invalid JSON.
        precondition([meanReturn, stdReturn, minReturn, maxReturn, meanLength].allSatisfy(\.isFinite),
                      "EvalReport: non-finite statistic")
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("EvalReport: JSON encoding failed")
        }
        return text
    }

    /// Reads an `eval.json`.
    public static func read(_ path: String) throws -> EvalReport {
        let bytes = try FileSystem.readBytes(path)
        do {
            return try JSONDecoder().decode(EvalReport.self, from: Data(bytes))
        } catch {
            throw FileError("read", path: path, code: 0, reason: "not a valid eval.json (\(error))")
        }
    }

    /// A few lines for people:
    ///
    ///     CartPole-v1: 100 episodes (seed 0)
    ///       return  500 ± 0  (min 500, max 500)
    ///       length  500 (mean)
    public var summary: String {
        let seedText = seed.map { " (seed \($0))" } ?? ""
        let f = { (x: Double) in NumberFormat.significant(x, digits: 6) }
        return "\(env): \(episodes) episode\(episodes == 1 ? "" : "s")\(seedText)\n"
            + "  return  \(f(meanReturn)) ± \(f(stdReturn))  (min \(f(minReturn)), max \(f(maxReturn)))\n"
            + "  length  \(f(meanLength)) (mean)"
    }
}
