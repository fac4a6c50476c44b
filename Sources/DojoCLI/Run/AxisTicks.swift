#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// "Nice" axis ticks: multiples of 1, 2 or 5 times a power of ten covering a data range, as
/// in most plotting libraries (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
struct AxisTicks: Equatable {
    /// Axis start and end, both multiples of `step`, enclosing the data.
    var lower: Double
    var upper: Double
    var step: Double

    /// About `target` intervals over [low, high]; a degenerate range is widened around its value.
    init(low: Double, high: Double, target: Int = 5) {
        precondition(low.isFinite && high.isFinite && low <= high, "AxisTicks: bad range \(low)...\(high)")
        var lo = low, hi = high
        if hi - lo < 1e-9 * max(1, abs(lo)) {
            let pad = max(1, abs(lo) * 0.1)
            lo -= pad
            hi += pad
        }
        let raw = (hi - lo) / Double(max(1, target))
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        // Nearest nice number (Heckbert's rounding), so the count stays near `target`.
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        step = nice * magnitude
        lower = floor(lo / step + 1e-9) * step
        upper = ceil(hi / step - 1e-9) * step
    }

    /// The tick values from `lower` to `upper`.
    var values: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { lower + Double($0) * step }
    }

    /// The multiples of `step` within `range` (for a plot whose domain is padded past the data).
    func values(in range: ClosedRange<Double>) -> [Double] {
        let first = Int(ceil(range.lowerBound / step - 1e-9)), last = Int(floor(range.upperBound / step + 1e-9))
        guard first <= last else { return [] }
        return (first...last).map { Double($0) * step }
    }

    /// A tick label: "20k" when ticks are 1,000 or more apart, "1.5M" when 100,000 or more, otherwise just enough decimals
    /// for `step`.
    func label(_ value: Double) -> String {
        let v = abs(value) < step * 1e-6 ? 0 : value
        if v == 0 { return "0" }
        if step >= 100_000, v.truncatingRemainder(dividingBy: 100_000) == 0 {
            return NumberFormat.significant(v / 1_000_000, digits: 6) + "M"
        }
        if step >= 1000, v.truncatingRemainder(dividingBy: 100) == 0 {
            return NumberFormat.significant(v / 1000, digits: 6) + "k"
        }
        let decimals = step >= 1 ? 0 : Int(ceil(-log10(step) - 1e-9))
        return NumberFormat.fixed(v, decimals: decimals)
    }
}
