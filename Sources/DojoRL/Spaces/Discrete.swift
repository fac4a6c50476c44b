/// The integers `start ..< start + count`, as Gymnasium's `Discrete(n, start)`.
///
/// Its flat encoding is one-hot: `featureCount == count`, and element `start + i` sets feature
/// `i` to 1 and every other to 0. It is also a finite set agents pick from by index
/// (`discreteCount == count`, index `i` is element `start + i`).
public struct Discrete: Space, Equatable {
    public typealias Element = Int

    /// How many elements the space has (Gymnasium's `n`); at least 1.
    public let count: Int
    /// The smallest element.
    public let start: Int

    public init(_ count: Int, start: Int = 0) {
        precondition(count > 0, "Discrete: count must be positive, got \(count)")
        self.count = count
        self.start = start
    }

    @inlinable
    public func contains(_ element: Int) -> Bool {
        element >= start && element - start < count
    }

    /// A uniform element.
    @inlinable
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int {
        start + Int(generator.next(upperBound: UInt64(count)))
    }

    public var featureCount: Int? { count }

    /// Writes the one-hot vector of `element` (which must be inside the space).
    @inlinable
    public func encode(_ element: Int, into features: UnsafeMutableBufferPointer<Float>) {
        precondition(features.count == count, "Discrete(\(count)).encode: buffer has \(features.count) features")
        precondition(contains(element), "Discrete(\(count)).encode: \(element) is outside the space")
        features.update(repeating: 0)
        features[element - start] = 1
    }

    public var discreteCount: Int? { count }

    @inlinable
    public func element(atIndex i: Int) -> Int {
        precondition(i >= 0 && i < count, "Discrete(\(count)): index \(i) is out of range")
        return start + i
    }

    @inlinable
    public func index(of element: Int) -> Int {
        precondition(contains(element), "Discrete(\(count)): \(element) is outside the space")
        return element - start
    }

    /// `Discrete(4)`, or `Discrete(3, start: -1)`.
    public var description: String {
        start == 0 ? "Discrete(\(count))" : "Discrete(\(count), start: \(start))"
    }
}
