import ArgumentParser
import DojoRL

/// Where a trained model comes from and what it runs on: shared by `eval` and `watch`.
struct ModelSourceOptions: ParsableArguments {
    @Option(name: .customLong("run"), help: ArgumentHelp("A run folder under --runs-dir; uses its model.safetensors.",
                                                         valueName: "NAME"))
    var runName: String?

    @Option(help: ArgumentHelp("A model.safetensors file (saved by `dojo train`).", valueName: "FILE"))
    var model: String?

    @Option(help: "Directory holding run folders.")
    var runsDir = "runs"

    @Option(help: ArgumentHelp("Environment id (see `dojo envs`); default: the one the model was trained on.",
                               valueName: "ID"))
    var env: String?

    @Option(help: "A text map file, for map-based environments such as 'gridworld'.")
    var map: String?

    /// The model named by --run or --model, with its metadata.
    func load() throws -> LoadedModel {
        try userFacing { try LoadedModel(run: runName, runsDir: runsDir, model: model) }
    }

    /// The environment id: --env, else the one the model names.
    func environmentID(for loaded: LoadedModel) throws -> String {
        guard let id = env ?? loaded.envID else {
            throw CommandError("\(loaded.path) does not name its environment; pass --env ID")
        }
        return id
    }

    /// `--map` as environment options, the file checked first; with --run and no --map, the
    /// map the run kept (`runs/NAME/map.txt`), if it has one.
    func environmentOptions() throws -> EnvironmentOptions {
        if map == nil, let runName, let folder = try? RunFolder(name: runName, root: runsDir),
           FileSystem.exists(folder.mapPath) {
            return EnvironmentOptions(mapFile: folder.mapPath)
        }
        return try DojoCLI.environmentOptions(mapFile: map)
    }
}
