import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DojoCLI

/// Parses SVG text with Foundation's XMLParser, recording elements, their ids and all text.
final class SVGInspector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    var openGroups: [String] = []
    var circlesInEpisodes = 0
    private var currentText = ""

    static func parse(_ svg: String) -> SVGInspector? {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        return parser.parse() ? inspector : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        if name == "g" { openGroups.append(attributes["id"] ?? "") }
        if name == "circle" && openGroups.last == "episodes" { circlesInEpisodes += 1 }
        currentText = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { currentText += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(currentText) }
        if name == "g" { openGroups.removeLast() }
        currentText = ""
    }

    func element(id: String) -> [String: String]? { elements.first { $0.attributes["id"] == id }?.attributes }
}

func sampleRows(_ n: Int) -> [EpisodeRow] {
    (0..<n).map { i in
        EpisodeRow(step: (i + 1) * 25, episode: i + 1, return: Double((i * 7919) % 500), length: 25,
                   epsilon: 0.1, loss: nil, stepsPerSecond: 1)
    }
}

@Suite("LearningCurveSVG")
struct LearningCurveRunTests {
    @Test("well-formed SVG with one point per episode, both axis titles, title, legend and threshold",
          arguments: [0, 1, 2, 37, 600])
    func structure(n: Int) throws {
        let svg = LearningCurveSVG.render(rows: sampleRows(n), title: "a <b> & \"c\"", threshold: 475)
        let doc = try #require(SVGInspector.parse(svg))
        #expect(doc.elements.first?.name == "svg")
        #expect(doc.circlesInEpisodes == n)
        #expect(doc.texts.contains("environment steps"))
        #expect(doc.texts.contains("episode return"))
        #expect(doc.texts.contains("a <b> & \"c\""))
        #expect(doc.texts.contains("threshold 475"))
        #expect(doc.element(id: "threshold") != nil)
        #expect((doc.element(id: "moving-average") != nil) == (n > 1))
        #expect(doc.texts.contains("no finished episodes yet") == (n == 0))
        if n > 1 {
            let window = LearningCurveSVG.window(forEpisodes: n)
            #expect(doc.texts.contains("moving average (\(window) episode\(window == 1 ? "" : "s"))"))
            let points = try #require(doc.element(id: "moving-average")?["points"]).split(separator: " ")
            #expect(points.count == n)
        }
    }

    @Test("without a threshold there is no dashed line")
    func noThreshold() throws {
        let doc = try #require(SVGInspector.parse(LearningCurveSVG.render(rows: sampleRows(10), title: "t")))
        #expect(doc.element(id: "threshold") == nil)
        #expect(!doc.texts.contains("reward threshold"))
    }

    @Test("moving average: trailing mean over at most w episodes, by hand")
    func movingAverage() {
        let values: [Double] = [1, 2, 3, 4, 10]
        #expect(LearningCurveSVG.movingAverage(values, window: 3) == [1, 1.5, 2, 3, 17.0 / 3])
        #expect(LearningCurveSVG.movingAverage(values, window: 1) == values)
        #expect(LearningCurveSVG.window(forEpisodes: 1000) == 100)
        #expect(LearningCurveSVG.window(forEpisodes: 50) == 10)
        #expect(LearningCurveSVG.window(forEpisodes: 1) == 1)
    }

    @Test("points map steps and returns linearly into the plot: higher return, smaller y")
    func mapping() throws {
        let rows = [EpisodeRow(step: 100, episode: 1, return: 10, length: 100, epsilon: 1, loss: nil, stepsPerSecond: 1),
                    EpisodeRow(step: 200, episode: 2, return: 20, length: 100, epsilon: 1, loss: nil, stepsPerSecond: 1),
                    EpisodeRow(step: 300, episode: 3, return: 30, length: 100, epsilon: 1, loss: nil, stepsPerSecond: 1)]
        let doc = try #require(SVGInspector.parse(LearningCurveSVG.render(rows: rows, title: "t")))
        let circles = doc.elements.filter { $0.name == "circle" && $0.attributes["r"] == "2" }
        let xs = circles.compactMap { Double($0.attributes["cx"] ?? "") }
        let ys = circles.compactMap { Double($0.attributes["cy"] ?? "") }
        #expect(xs.count == 3 && ys.count == 3)
        // Equal steps in data give equal steps on screen (to the 0.1 px printed).
        #expect(abs((xs[1] - xs[0]) - (xs[2] - xs[1])) <= 0.11)
        #expect(abs((ys[0] - ys[1]) - (ys[1] - ys[2])) <= 0.11)
        #expect(ys[0] > ys[1] && xs[0] < xs[1])
    }

    @Test("the same rows give the same bytes")
    func deterministic() {
        #expect(LearningCurveSVG.render(rows: sampleRows(50), title: "t", threshold: 1)
                == LearningCurveSVG.render(rows: sampleRows(50), title: "t", threshold: 1))
    }
}

@Suite("AxisTicks")
struct AxisTicksRunTests {
    @Test("nice steps and labels", arguments: [
        (0.0, 107_000.0, 6, 20_000.0, ["0", "20k", "40k", "60k", "80k", "100k", "120k"]),
        (-133.0, -13.0, 6, 20.0, ["-140", "-120", "-100", "-80", "-60", "-40", "-20", "0"]),
        (0.0, 1.0, 5, 0.2, ["0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
        (0.0, 3_000_000.0, 6, 500_000.0, ["0", "0.5M", "1M", "1.5M", "2M", "2.5M", "3M"]),
    ])
    func ticks(low: Double, high: Double, target: Int, step: Double, labels: [String]) {
        let ticks = AxisTicks(low: low, high: high, target: target)
        #expect(abs(ticks.step - step) < 1e-9 * step)
        #expect(ticks.values.map(ticks.label) == labels)
    }

    @Test("a single value is widened to a real range")
    func degenerate() {
        let ticks = AxisTicks(low: 21, high: 21)
        #expect(ticks.lower < 21 && ticks.upper > 21)
        #expect(ticks.values(in: 19...23).map(ticks.label) == ["19", "20", "21", "22", "23"])
    }
}
