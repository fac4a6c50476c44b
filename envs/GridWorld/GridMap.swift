/// One cell of a grid map, written as one character.
public enum Tile: Character, Sendable, CaseIterable {
    /// `S`: where every episode starts (floor otherwise). Exactly one per map.
    case start = "S"
    /// `G`: terminal, rewarded with the goal reward.
    case goal = "G"
    /// `H`: terminal, rewarded with the hole reward (FrozenLake's hole).
    case hole = "H"
    /// `#`: never entered; a move into it stays put.
    case wall = "#"
    /// `.`: plain floor.
    case floor = "."
    /// `C`: CliffWalking's cliff: entering it gives the cliff reward and sends the agent back to
    /// the start, without ending the episode.
    case cliff = "C"

    /// The episode ends on entering this tile.
    public var isTerminal: Bool { self == .goal || self == .hole }
}

/// A rectangular grid of tiles read from text: one line per row, top row first, one character per
/// cell (see `Tile`). Trailing spaces, tabs and carriage returns on a line and blank lines at the
/// end of the text are ignored. Cells are numbered row-major from the top-left,
/// `state = row * columns + column`, as Gymnasium's FrozenLake and CliffWalking.
public struct GridMap: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major, `rows * columns` tiles.
    public let tiles: [Tile]
    /// The state index of the `S` tile.
    public let start: Int

    public var stateCount: Int { rows * columns }

    public subscript(row: Int, column: Int) -> Tile { tiles[row * columns + column] }

    /// The text form: one line per row, each ending in a newline.
    public var text: String {
        var out = ""
        for r in 0..<rows {
            for c in 0..<columns { out.append(self[r, c].rawValue) }
            out.append("\n")
        }
        return out
    }

    /// Parses a map; `source` names it in errors (a file path, or a built-in map's name).
    /// Throws a `GridMapError` naming the line and column of the first problem.
    public init(parsing text: String, source: String = "map") throws {
        // "\r\n" is one Character in Swift, so it must be named as a separator of its own.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
            return line
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard !lines.isEmpty else { throw GridMapError(.empty, line: 1, column: 1, source: source) }

        let width = lines[0].count
        var tiles: [Tile] = []
        tiles.reserveCapacity(width * lines.count)
        var startAt: (line: Int, column: Int)?
        var start = 0
        for (lineIndex, line) in lines.enumerated() {
            for (columnIndex, character) in line.enumerated() {
                guard let tile = Tile(rawValue: character) else {
                    throw GridMapError(.unknownCharacter(character), line: lineIndex + 1, column: columnIndex + 1, source: source)
                }
                if tile == .start {
                    if let first = startAt {
                        throw GridMapError(.secondStart(firstLine: first.line, firstColumn: first.column),
                                           line: lineIndex + 1, column: columnIndex + 1, source: source)
                    }
                    startAt = (lineIndex + 1, columnIndex + 1)
                    start = tiles.count
                }
                tiles.append(tile)
            }
            guard line.count == width else {
                throw GridMapError(.raggedRow(expected: width, found: line.count),
                                   line: lineIndex + 1, column: min(width, line.count) + 1, source: source)
            }
        }
        guard startAt != nil else {
            throw GridMapError(.noStart, line: lines.count, column: width + 1, source: source)
        }
        rows = lines.count
        columns = width
        self.tiles = tiles
        self.start = start
    }
}

/// A malformed map: what is wrong and where (1-based line and column in the text).
public struct GridMapError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The text has no rows (reported at line 1, column 1).
        case empty
        /// No `S` anywhere (reported just past the end of the last row).
        case noStart
        /// A second `S` (reported at the second; the first is named).
        case secondStart(firstLine: Int, firstColumn: Int)
        case unknownCharacter(Character)
        /// A row whose width differs from the first row's (reported where the rows part ways).
        case raggedRow(expected: Int, found: Int)
    }

    public var kind: Kind
    public var line: Int
    public var column: Int
    public var source: String

    public init(_ kind: Kind, line: Int, column: Int, source: String = "map") {
        self.kind = kind
        self.line = line
        self.column = column
        self.source = source
    }

    public var description: String {
        let what: String
        switch kind {
        case .empty:
            what = "the map is empty"
        case .noStart:
            what = "the map has no start tile 'S'"
        case .secondStart(let l, let c):
            what = "a second start tile 'S' (the first is at line \(l), column \(c))"
        case .unknownCharacter(let ch):
            let allowed = Tile.allCases.map { String($0.rawValue) }.joined(separator: " ")
            what = "unknown character '\(ch)' (a map uses \(allowed))"
        case .raggedRow(let expected, let found):
            what = "this row has \(found) columns but the first row has \(expected); rows must be equally long"
        }
        return "\(source): line \(line), column \(column): \(what)"
    }
}
