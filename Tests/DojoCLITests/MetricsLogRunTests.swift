import Foundation
import Testing
@testable import DojoCLI

@Suite("MetricsLog")
struct MetricsLogRunTests {
    static let rows = [
        EpisodeRow(step: 12, episode: 1, return: 12, length: 12, epsilon: 1, loss: nil, stepsPerSecond: 8123.456),
        EpisodeRow(step: 40, episode: 2, return: -13.123456789, length: 28, epsilon: 0.04, loss: 0.000123456789,
                   stepsPerSecond: 9000),
        EpisodeRow(step: 540, episode: 3, return: 500, length: 500, epsilon: 0.33333, loss: .nan, stepsPerSecond: 0.04),
    ]

    @Test("rows are formatted deterministically under the DESIGN.md header")
    func format() throws {
        let path = makeScratchDirectory() + "/metrics.csv"
        let log = try MetricsLog.create(at: path)
        for row in Self.rows { try log.append(row) }
        try log.close()
        #expect(readText(path) == """
            step,episode,return,length,epsilon,loss,steps_per_s
            12,1,12,12,1.0000,,8123.5
            40,2,-13.1235,28,0.0400,0.000123457,9000.0
            540,3,500,500,0.3333,,0.0

            """)
    }

    @Test("read gives back the rows (to the printed precision)")
    func roundTrip() throws {
        let path = makeScratchDirectory() + "/metrics.csv"
        let log = try MetricsLog.create(at: path)
        for row in Self.rows { try log.append(row) }
        let back = try MetricsLog.read(path)
        #expect(back.count == 3)
        #expect(back[1] == EpisodeRow(step: 40, episode: 2, return: -13.1235, length: 28, epsilon: 0.04,
                                      loss: 0.000123457, stepsPerSecond: 9000))
        #expect(back[2].loss == nil)
    }

    @Test("malformed input names the line", arguments: [
        ("step,episode\n", "m.csv:1: header is 'step,episode', expected 'step,episode,return,length,epsilon,loss,steps_per_s'"),
        ("", "m.csv: is empty; expected the header 'step,episode,return,length,epsilon,loss,steps_per_s'"),
        ("\(MetricsLog.header)\n1,1,1,1,1.0,,1\n2,2,2,2\n", "m.csv:3: expected 7 fields, found 4"),
        ("\(MetricsLog.header)\n1,x,1,1,1.0,,1\n", "m.csv:2: episode 'x' is not an integer"),
        ("\(MetricsLog.header)\n1,1,nan,1,1.0,,1\n", "m.csv:2: return 'nan' is not a finite number"),
    ])
    func malformed(text: String, message: String) {
        do {
            _ = try MetricsLog.parse(text, source: "m.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a torn final line (no newline) is ignored by the reader")
    func tornLine() throws {
        let rows = try MetricsLog.parse("\(MetricsLog.header)\n1,1,1,1,1.0,,1\n2,2,2,2,0.9", source: "m")
        #expect(rows.map(\.episode) == [1])
    }

    @Test("resume keeps the checkpoint's rows, so the resumed file equals an uninterrupted one")
    func resumeEquivalence() throws {
        let dir = makeScratchDirectory()
        let rows = (1...6).map {
            EpisodeRow(step: $0 * 10, episode: $0, return: Double($0), length: 10, epsilon: 0.5,
                       loss: 0.25, stepsPerSecond: Double($0) * 100)
        }
        let whole = try MetricsLog.create(at: dir + "/whole.csv")
        for row in rows { try whole.append(row) }

        // Interrupted run: checkpoint after episode 3, killed after writing episodes 4, 5 and a torn line.
        let cut = try MetricsLog.create(at: dir + "/cut.csv")
        for row in rows.prefix(5) { try cut.append(row) }
        try cut.close()
        let handle = try #require(FileHandle(forWritingAtPath: dir + "/cut.csv"))
        handle.seekToEndOfFile()
        handle.write("60,6,6".data(using: .utf8)!)
        handle.closeFile()

        let resumed = try MetricsLog.resume(at: dir + "/cut.csv", keepingEpisodes: 3)
        #expect(resumed.rowCount == 3)
        for var row in rows.dropFirst(3) {
            row.stepsPerSecond = 1   // wall-clock speed differs after a resume
            try resumed.append(row)
        }
        let a = try #require(readText(dir + "/whole.csv")), b = try #require(readText(dir + "/cut.csv"))
        #expect(a != b)
        #expect(MetricsLog.firstDifferenceIgnoringSpeed(a, b) == nil)
    }

    @Test("resume refuses a file with fewer rows than the checkpoint")
    func resumeTooShort() throws {
        let path = makeScratchDirectory() + "/m.csv"
        _ = try MetricsLog.create(at: path)
        #expect(throws: MetricsError(source: path, line: nil, message: "has 0 episode rows but the checkpoint covers 2")) {
            try MetricsLog.resume(at: path, keepingEpisodes: 2)
        }
    }

    @Test("firstDifferenceIgnoringSpeed finds a real difference and its line")
    func difference() throws {
        let a = "\(MetricsLog.header)\n1,1,1,1,1.0000,,5.0\n2,2,3,1,1.0000,,5.0\n"
        let b = "\(MetricsLog.header)\n1,1,1,1,1.0000,,7.0\n2,2,4,1,1.0000,,5.0\n"
        let diff = try #require(MetricsLog.firstDifferenceIgnoringSpeed(a, b))
        #expect(diff.line == 3 && diff.a == "2,2,3,1,1.0000," && diff.b == "2,2,4,1,1.0000,")
        #expect(MetricsLog.firstDifferenceIgnoringSpeed(a, a + "3,3,3,3,0.0000,,1.0\n")?.line == 4)
    }
}
