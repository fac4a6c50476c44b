import Foundation
import Testing
@testable import DojoEnvs

@Suite("GridMap")
struct GridMapTests {
    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let kind: GridMapError.Kind
        let line: Int
        let column: Int
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "empty file", text: "", kind: .empty, line: 1, column: 1),
        Malformed(name: "only blank lines", text: "\n\n  \n", kind: .empty, line: 1, column: 1),
        Malformed(name: "no start", text: "...\n..G\n", kind: .noStart, line: 2, column: 4),
        Malformed(name: "two starts", text: "S..\n.S.\n..G", kind: .secondStart(firstLine: 1, firstColumn: 1), line: 2, column: 2),
        Malformed(name: "unknown character", text: "S..\n.x.\n..G", kind: .unknownCharacter("x"), line: 2, column: 2),
        Malformed(name: "FrozenLake's F is not ours", text: "SF\nFG", kind: .unknownCharacter("F"), line: 1, column: 2),
        Malformed(name: "short row", text: "S...\n..\n...G", kind: .raggedRow(expected: 4, found: 2), line: 2, column: 3),
        Malformed(name: "long row", text: "S..\n....\n..G", kind: .raggedRow(expected: 3, found: 4), line: 2, column: 4),
        Malformed(name: "blank line inside", text: "S..\n\n..G", kind: .raggedRow(expected: 3, found: 0), line: 2, column: 1),
    ]

    @Test("a malformed map is an error naming its line and column", arguments: malformed)
    func malformedMaps(_ case_: Malformed) {
        do {
            _ = try GridMap(parsing: case_.text, source: "bad.txt")
            Issue.record("parsed without error")
        } catch let error as GridMapError {
            #expect(error.kind == case_.kind)
            #expect(error.line == case_.line && error.column == case_.column)
            #expect(error.description.hasPrefix("bad.txt: line \(case_.line), column \(case_.column): "))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("messages say what is wrong")
    func messages() throws {
        let error = try #require(throws: GridMapError.self) { try GridMap(parsing: "S.\n.?", source: "m.txt") }
        #expect(error.description == "m.txt: line 2, column 2: unknown character '?' (a map uses S G H # . C)")
    }

    @Test("parses rows top first, ignoring trailing whitespace and blank lines; unreachable goals are fine")
    func parses() throws {
        let map = try GridMap(parsing: "S.#  \r\n.#G\n\n")
        #expect(map.rows == 2 && map.columns == 3 && map.start == 0)
        #expect(map[1, 2] == .goal && map[0, 2] == .wall)
        #expect(map.text == "S.#\n.#G\n")
    }

    @Test("the built-in maps are Gymnasium's")
    func builtins() throws {
        // Gymnasium's toy_text/frozen_lake.py MAPS, with F for frozen floor.
        let gym4 = ["SFFF", "FHFH", "FFFH", "HFFG"]
        let gym8 = ["SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"]
        func ours(_ rows: [String]) -> String { rows.map { $0.replacingOccurrences(of: "F", with: ".") + "\n" }.joined() }
        #expect(try GridMap(parsing: BuiltinMaps.frozenLake4x4).text == ours(gym4))
        #expect(try GridMap(parsing: BuiltinMaps.frozenLake8x8).text == ours(gym8))
        let cliff = try GridMap(parsing: BuiltinMaps.cliffWalking)
        #expect(cliff.rows == 4 && cliff.columns == 12 && cliff.start == 36)
        #expect((37...46).allSatisfy { cliff.tiles[$0] == .cliff } && cliff.tiles[47] == .goal)
        #expect(try GridMap(parsing: BuiltinMaps.openRoom).rows == 7)
    }
}
