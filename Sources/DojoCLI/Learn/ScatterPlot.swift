import DojoNN
import Foundation

/// A 2-D scatter plot as a standalone SVG document, points coloured by group.
enum ScatterPlot {
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// `points` is n x 2; `groups` (optional) gives each point's colour group and legend name.
    static func svg(points: Matrix, groups: [Int]?, groupNames: [String], title: String) -> String {
        precondition(points.cols >= 2, "ScatterPlot: need two columns")
        let size = 600.0, margin = 40.0
        let xs = (0..<points.rows).map { Double(points[$0, 0]) }
        let ys = (0..<points.rows).map { Double(points[$0, 1]) }
        let (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1), (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        func sx(_ x: Double) -> Double { margin + (x - x0) / max(x1 - x0, 1e-12) * (size - 2 * margin) }
        func sy(_ y: Double) -> Double { size - margin - (y - y0) / max(y1 - y0, 1e-12) * (size - 2 * margin) }
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" viewBox=\"0 0 \(Int(size)) \(Int(size))\">",
                   "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
                   "<text x=\"\(Int(margin))\" y=\"24\" font-family=\"sans-serif\" font-size=\"14\">\(SVGText.escape(title))</text>",
                   "<rect x=\"\(margin)\" y=\"\(margin)\" width=\"\(size - 2 * margin)\" height=\"\(size - 2 * margin)\" fill=\"none\" stroke=\"#ccc\"/>"]
        for i in 0..<points.rows {
            let colour = palette[(groups?[i] ?? 0) % palette.count]
            out.append(String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%@\" fill-opacity=\"0.7\"/>",
                              sx(xs[i]), sy(ys[i]), colour))
        }
        for (g, name) in groupNames.enumerated() {
            let y = Int(margin) + 14 * g + 10
            out.append("<circle cx=\"\(Int(size - margin) - 60)\" cy=\"\(y - 4)\" r=\"4\" fill=\"\(palette[g % palette.count])\"/>")
            out.append("<text x=\"\(Int(size - margin) - 50)\" y=\"\(y)\" font-family=\"sans-serif\" font-size=\"11\">\(SVGText.escape(name))</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
