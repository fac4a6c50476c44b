import DojoRL

/// The `--map FILE` of a command as environment options, after checking the file is there:
/// the environments' own read error would otherwise pass on Foundation's wording
/// ("The operation could not be completed. (NSCocoaErrorDomain error 256.)").
func environmentOptions(mapFile map: String?) throws -> EnvironmentOptions {
    if let map {
        guard FileSystem.exists(map) else { throw CommandError("no map file '\(map)'") }
        guard !FileSystem.isDirectory(map) else { throw CommandError("--map '\(map)' is a directory, not a map file") }
    }
    return EnvironmentOptions(mapFile: map)
}
