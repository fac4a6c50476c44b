import DojoRL

extension Catch {
    /// The registry entry: `dojo train --env Catch-v0` and every other command find it by this id.
    /// No time limit, since every episode terminates after `height - 1` steps; solved at a mean
    /// return of 0.9 (a random paddle gets -0.6, see `Catch`).
    public static let spec = EnvironmentSpec(
        id: "Catch-v0",
        summary: "Catch a falling ball with a paddle (5 x 8 grid, bsuite-style)",
        rewardThreshold: 0.9
    ) { _ in Catch() }
}
