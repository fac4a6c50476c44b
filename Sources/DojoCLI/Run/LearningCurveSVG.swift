/// The learning curve of a run (`curve.svg`): episode return against environment step, as
/// light points joined by a thin line, with the trailing moving average as a bold line, nice
/// axis ticks, axis titles, a title, an optional dashed reward threshold and a legend.
/// Plain SVG 1.1 with inline attributes only, so browsers and `rsvg-convert` show it alike.
///
/// The moving average at episode i is the mean of episodes max(0, i-w+1)...i (so it starts at
/// the first episode), with window w = min(100, max(1, n / 5)) for n episodes: 100 for long
/// runs, shorter for short ones so the line still shows a trend.
public enum LearningCurveSVG {
    static let width = 800.0, height = 450.0
    static let left = 76.0, right = 24.0, top = 52.0, bottom = 58.0

    /// The moving-average window used for `count` episodes.
    public static func window(forEpisodes count: Int) -> Int { min(100, max(1, count / 5)) }

    /// Trailing means with window `w` (see the type's documentation).
    static func movingAverage(_ values: [Double], window w: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(values.count)
        var sum = 0.0
        for i in values.indices {
            sum += values[i]
            if i >= w { sum -= values[i - w] }
            out.append(sum / Double(min(i + 1, w)))
        }
        return out
    }

    /// The SVG document for `rows` (in episode order). Rows with a non-finite return are left
    /// out; zero rows give empty axes with a note.
    public static func render(rows: [EpisodeRow], title: String, threshold: Double? = nil) -> String {
        let points = rows.filter { $0.return.isFinite }
        let returns = points.map(\.return)
        let maxStep = Double(points.map(\.step).max() ?? 0)
        var yLow = returns.min() ?? 0, yHigh = returns.max() ?? 1
        if let t = threshold, t.isFinite { yLow = min(yLow, t); yHigh = max(yHigh, t) }
        // Ticks are nice numbers inside a domain padded a little past the data, so points on
        // the extremes (a return of exactly 500) do not sit on the frame.
        let xTicks = AxisTicks(low: 0, high: maxStep > 0 ? maxStep : 10, target: 6)
        let yTicks = AxisTicks(low: yLow, high: yHigh, target: 6)
        let xDomain = 0...(maxStep > 0 ? maxStep * 1.03 : 10)
        let ySpan = yHigh - yLow > 0 ? yHigh - yLow : max(1, abs(yLow) * 0.1)
        let yDomain = yHigh - yLow > 0 ? (yLow - 0.05 * ySpan)...(yHigh + 0.05 * ySpan)
                                       : (yLow - ySpan)...(yHigh + ySpan)
        let plotRight = width - right, plotBottom = height - bottom
        func x(_ step: Double) -> Double {
            left + (step - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound) * (plotRight - left)
        }
        func y(_ value: Double) -> Double {
            plotBottom - (value - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound) * (plotBottom - top)
        }
        let c = { (v: Double) in NumberFormat.fixed(v, decimals: 1) }

        var svg = SVGText()
        svg.line(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        svg.line(##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(Int(width))" height="\##(Int(height))" viewBox="0 0 \##(Int(width)) \##(Int(height))" font-family="Helvetica, Arial, sans-serif">"##)
        svg.line(##"<rect x="0" y="0" width="\##(Int(width))" height="\##(Int(height))" fill="#ffffff"/>"##)
        svg.line(##"<text x="\##(c(width / 2))" y="30" text-anchor="middle" font-size="17" font-weight="bold" fill="#222222">\##(SVGText.escape(title))</text>"##)

        // Grid, ticks and labels.
        svg.line(##"<g id="grid" stroke="#e6e6e6" stroke-width="1">"##)
        for v in xTicks.values(in: xDomain) { svg.line(##"<line x1="\##(c(x(v)))" y1="\##(c(top))" x2="\##(c(x(v)))" y2="\##(c(plotBottom))"/>"##) }
        for v in yTicks.values(in: yDomain) { svg.line(##"<line x1="\##(c(left))" y1="\##(c(y(v)))" x2="\##(c(plotRight))" y2="\##(c(y(v)))"/>"##) }
        svg.line("</g>")
        svg.line(##"<g id="x-ticks" font-size="12" fill="#444444" text-anchor="middle">"##)
        for v in xTicks.values(in: xDomain) { svg.line(##"<text x="\##(c(x(v)))" y="\##(c(plotBottom + 18))">\##(xTicks.label(v))</text>"##) }
        svg.line("</g>")
        svg.line(##"<g id="y-ticks" font-size="12" fill="#444444" text-anchor="end">"##)
        for v in yTicks.values(in: yDomain) { svg.line(##"<text x="\##(c(left - 8))" y="\##(c(y(v) + 4))">\##(yTicks.label(v))</text>"##) }
        svg.line("</g>")
        svg.line(##"<rect x="\##(c(left))" y="\##(c(top))" width="\##(c(plotRight - left))" height="\##(c(plotBottom - top))" fill="none" stroke="#888888" stroke-width="1"/>"##)
        svg.line(##"<text x="\##(c((left + plotRight) / 2))" y="\##(c(height - 14))" text-anchor="middle" font-size="13" fill="#222222">environment steps</text>"##)
        svg.line(##"<text transform="translate(20 \##(c((top + plotBottom) / 2))) rotate(-90)" text-anchor="middle" font-size="13" fill="#222222">episode return</text>"##)

        if points.isEmpty {
            svg.line(##"<text x="\##(c((left + plotRight) / 2))" y="\##(c((top + plotBottom) / 2))" text-anchor="middle" font-size="14" fill="#888888">no finished episodes yet</text>"##)
        }

        // Threshold under the data, so the curve stays visible where they meet.
        if let t = threshold, t.isFinite {
            let label = "threshold " + NumberFormat.significant(t, digits: 6)
            svg.line(##"<g id="threshold"><line x1="\##(c(left))" y1="\##(c(y(t)))" x2="\##(c(plotRight))" y2="\##(c(y(t)))" stroke="#d62728" stroke-width="1.5" stroke-dasharray="7 5"/>"##)
            svg.line(##"<text x="\##(c(left + 8))" y="\##(c(y(t) - top < 20 ? y(t) + 16 : y(t) - 6))" font-size="12" fill="#d62728">\##(SVGText.escape(label))</text></g>"##)
        }

        let coordinates = points.map { (x(Double($0.step)), y($0.return)) }
        if points.count > 1 {
            svg.line(##"<polyline id="episode-line" fill="none" stroke="#9ecae1" stroke-width="0.8" points="\##(coordinates.map { c($0.0) + "," + c($0.1) }.joined(separator: " "))"/>"##)
        }
        svg.line(##"<g id="episodes" fill="#6baed6" fill-opacity="0.55">"##)
        for (px, py) in coordinates { svg.line(##"<circle cx="\##(c(px))" cy="\##(c(py))" r="2"/>"##) }
        svg.line("</g>")

        let w = window(forEpisodes: points.count)
        if points.count > 1 {
            let average = movingAverage(returns, window: w)
            let path = zip(coordinates, average).map { c($0.0.0) + "," + c(y($0.1)) }.joined(separator: " ")
            svg.line(##"<polyline id="moving-average" fill="none" stroke="#08519c" stroke-width="2.5" stroke-linejoin="round" points="\##(path)"/>"##)
        }

        legend(into: &svg, episodes: points.count, window: w, threshold: threshold, right: plotRight, bottom: plotBottom)
        svg.line("</svg>")
        return svg.text
    }

    /// Bottom-right inside the plot: learning curves rise, so that corner is usually empty.
    private static func legend(into svg: inout SVGText, episodes: Int, window w: Int, threshold: Double?, right: Double, bottom: Double) {
        let c = { (v: Double) in NumberFormat.fixed(v, decimals: 1) }
        // Only what is drawn: no average line for a single episode, nothing for an empty run.
        var entries: [(String, String)] = []
        if episodes > 0 { entries.append(("point", "episode return")) }
        if episodes > 1 { entries.append(("average", "moving average (\(w) episode\(w == 1 ? "" : "s"))")) }
        if let t = threshold, t.isFinite { entries.append(("dashed", "reward threshold")) }
        guard !entries.isEmpty else { return }
        let boxWidth = 232.0, rowHeight = 20.0
        let boxHeight = 10 + rowHeight * Double(entries.count)
        let x0 = right - boxWidth - 10, y0 = bottom - boxHeight - 10
        svg.line(##"<g id="legend" font-size="12" fill="#222222">"##)
        svg.line(##"<rect x="\##(c(x0))" y="\##(c(y0))" width="\##(c(boxWidth))" height="\##(c(boxHeight))" fill="#ffffff" fill-opacity="0.9" stroke="#cccccc"/>"##)
        for (i, (kind, label)) in entries.enumerated() {
            let cy = y0 + 5 + rowHeight * (Double(i) + 0.5)
            switch kind {
            case "point":
                svg.line(##"<line x1="\##(c(x0 + 10))" y1="\##(c(cy))" x2="\##(c(x0 + 38))" y2="\##(c(cy))" stroke="#9ecae1" stroke-width="0.8"/><circle cx="\##(c(x0 + 24))" cy="\##(c(cy))" r="2.5" fill="#6baed6"/>"##)
            case "average":
                svg.line(##"<line x1="\##(c(x0 + 10))" y1="\##(c(cy))" x2="\##(c(x0 + 38))" y2="\##(c(cy))" stroke="#08519c" stroke-width="2.5"/>"##)
            default:
                svg.line(##"<line x1="\##(c(x0 + 10))" y1="\##(c(cy))" x2="\##(c(x0 + 38))" y2="\##(c(cy))" stroke="#d62728" stroke-width="1.5" stroke-dasharray="7 5"/>"##)
            }
            svg.line(##"<text x="\##(c(x0 + 46))" y="\##(c(cy + 4))">\##(SVGText.escape(label))</text>"##)
        }
        svg.line("</g>")
    }
}

/// Accumulates SVG lines.
struct SVGText {
    var text = ""

    mutating func line(_ s: String) {
        text += s
        text += "\n"
    }

    /// Escapes text content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
