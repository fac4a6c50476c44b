import DojoRandom
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A box of Float32 vectors `low[i] <= x[i] <= high[i]`, as Gymnasium's `Box` (one-dimensional).
///
/// Bounds may be infinite. Membership also requires every component to be finite, so a NaN or
/// an infinity in an observation is always caught. The flat encoding is the vector itself
/// (`featureCount == low.scalarCount`); a box is not a finite set (`discreteCount == nil`).
///
/// `sample` follows Gymnasium: uniform on `[low, high]` where both bounds are finite,
/// `low + Exp(1)` where only the lower one is, `high - Exp(1)` where only the upper one is, and a
/// standard normal where neither is.
public struct Box<Vector: FloatVector>: Space {
    public typealias Element = Vector

    public let low: Vector
    public let high: Vector

    public init(low: Vector, high: Vector) {
        precondition(low.scalarCount == high.scalarCount,
                     "Box: low has \(low.scalarCount) components but high has \(high.scalarCount)")
        precondition(low.scalarCount > 0, "Box: needs at least one component")
        for i in 0..<low.scalarCount {
            precondition(!low[i].isNaN && !high[i].isNaN && low[i] <= high[i],
                         "Box: component \(i) has low \(low[i]) above high \(high[i]) (or NaN)")
        }
        self.low = low
        self.high = high
    }

    /// Components in the vector.
    public var dimension: Int { low.scalarCount }

    @inlinable
    public func contains(_ element: Vector) -> Bool {
        guard element.scalarCount == low.scalarCount else { return false }
        for i in 0..<element.scalarCount {
            let x = element[i]
            guard x.isFinite, x >= low[i], x <= high[i] else { return false }
        }
        return true
    }

    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Vector {
        var v = low
        for i in 0..<dimension {
            let lo = low[i], hi = high[i]
            switch (lo.isFinite, hi.isFinite) {
            case (true, true):
                v[i] = min(hi, lo + (hi - lo) * generator.nextUnitFloat())
            case (true, false):
                v[i] = lo + Float(exponential(&generator))
            case (false, true):
                v[i] = hi - Float(exponential(&generator))
            case (false, false):
                v[i] = Float(generator.nextGaussian())
            }
        }
        return v
    }

    private func exponential<G: RandomNumberGenerator>(_ generator: inout G) -> Double {
        // Inverse CDF of Exp(1); 1 - u lies in (0, 1], so the logarithm is finite.
        -log(1 - generator.nextUnitDouble())
    }

    public var featureCount: Int? { dimension }

    @inlinable
    public func encode(_ element: Vector, into features: UnsafeMutableBufferPointer<Float>) {
        precondition(features.count == element.scalarCount,
                     "\(self).encode: buffer has \(features.count) features, element has \(element.scalarCount)")
        for i in 0..<element.scalarCount { features[i] = element[i] }
    }

    /// `Box(4, [-1.0, 1.0])` when every component has the same bounds, otherwise
    /// `Box(4, low: [...], high: [...])`.
    public var description: String {
        let lows = (0..<dimension).map { low[$0] }
        let highs = (0..<dimension).map { high[$0] }
        if Set(lows).count == 1 && Set(highs).count == 1 {
            return "Box(\(dimension), [\(Self.format(lows[0])), \(Self.format(highs[0]))])"
        }
        return "Box(\(dimension), low: [\(lows.map(Self.format).joined(separator: ", "))], "
            + "high: [\(highs.map(Self.format).joined(separator: ", "))])"
    }

    static func format(_ x: Float) -> String {
        if x == .infinity { return "inf" }
        if x == -.infinity { return "-inf" }
        return "\(x)"
    }
}

extension Box: Equatable {}

extension Box where Vector == [Float] {
    /// A box of `count` components all in `[low, high]`.
    public init(count: Int, low: Float, high: Float) {
        self.init(low: [Float](repeating: low, count: count), high: [Float](repeating: high, count: count))
    }
}
