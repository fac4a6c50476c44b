// dojo-viz: the SDL2 visualizer process. See VizCommand and DESIGN.md (Scenes and the visualizer).
#if canImport(Glibc)
import Glibc
#endif

do {
    let command = try VizCommand.parse()
    try command.run()
    exit(0)
} catch let error as VizError {
    fputs("dojo-viz: error: \(error)\n", stderr)
    exit(1)
} catch {
    VizCommand.exit(withError: error)
}
