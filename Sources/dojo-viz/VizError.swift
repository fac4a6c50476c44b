/// A problem dojo-viz reports as one line `dojo-viz: error: <description>` and exit status 1.
struct VizError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
