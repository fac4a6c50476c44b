import DojoRL

/// What the running command line was started with. Set once by `DojoTool.main` before any
/// command runs, read by commands; this is the CLI edge, so the library types never see it.
enum CommandContext {
    nonisolated(unsafe) static var registry = EnvironmentRegistry()
}
