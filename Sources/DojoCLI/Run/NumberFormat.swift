#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Locale-free, deterministic number text for files users and tests compare byte for byte.
/// Built on C `snprintf` in the "C" locale (Dojo never calls `setlocale`), so the decimal
/// separator is always "." and the same `Double` always prints the same characters.
enum NumberFormat {
    /// `value` with exactly `decimals` digits after the point (`%.*f`), e.g. 0.04 -> "0.0400".
    static func fixed(_ value: Double, decimals: Int) -> String {
        cFormat("%.*f", Int32(decimals), value)
    }

    /// `value` with at most `digits` significant digits and no trailing zeros (`%.*g`), e.g.
    /// 500 -> "500", 12.345678 -> "12.3457", 1e-7 -> "1e-07".
    static func significant(_ value: Double, digits: Int = 6) -> String {
        let text = cFormat("%.*g", Int32(digits), value)
        return text == "-0" ? "0" : text
    }

    /// An integer with thousands separators: 1234567 -> "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// Seconds as `h:mm:ss` (hours unbounded), rounded to the nearest second; negative or
    /// non-finite durations print as "-:--:--".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "-:--:--" }
        let total = Int(seconds.rounded())
        let h = total / 3600, m = (total / 60) % 60, s = total % 60
        return "\(h):" + (m < 10 ? "0" : "") + "\(m):" + (s < 10 ? "0" : "") + "\(s)"
    }

    private static func cFormat(_ format: String, _ precision: Int32, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([precision, value]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress!, $0.count, format, args) }
        }
        precondition(count >= 0 && count < 64, "NumberFormat: cannot format \(value)")
        return String(cString: buffer)
    }
}
