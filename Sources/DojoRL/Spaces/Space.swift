/// A set of observations or actions, as Gymnasium's `spaces`: it can sample an element, check
/// membership, and describe itself.
///
/// Two capabilities let agents consume any environment without knowing its type, checked once
/// when an agent is built:
/// - `featureCount` / `encode(_:into:)`: a flat Float32 encoding a network can read (a Box's
///   values; a Discrete element one-hot). `nil` when the space has none.
/// - `discreteCount` / `element(atIndex:)` / `index(of:)`: a finite set of elements an agent can
///   choose between by index. `nil` when the space is not finite.
public protocol Space: Sendable, CustomStringConvertible {
    associatedtype Element

    func contains(_ element: Element) -> Bool
    func sample<G: RandomNumberGenerator>(using generator: inout G) -> Element

    /// How many Float32 features `encode` writes, or nil if this space has no flat encoding.
    var featureCount: Int? { get }
    /// Writes `element`'s features into `features` (whose count is `featureCount`).
    func encode(_ element: Element, into features: UnsafeMutableBufferPointer<Float>)

    /// How many elements the space has if it is a finite set an agent picks from by index.
    var discreteCount: Int? { get }
    /// The element with index `i` in 0..<discreteCount.
    func element(atIndex i: Int) -> Element
    /// The index in 0..<discreteCount of `element`.
    func index(of element: Element) -> Int
}

extension Space {
    public var featureCount: Int? { nil }
    public func encode(_ element: Element, into features: UnsafeMutableBufferPointer<Float>) {
        preconditionFailure("\(self) has no flat feature encoding")
    }
    public var discreteCount: Int? { nil }
    public func element(atIndex i: Int) -> Element {
        preconditionFailure("\(self) is not a discrete space")
    }
    public func index(of element: Element) -> Int {
        preconditionFailure("\(self) is not a discrete space")
    }
}

/// A fixed-length vector of Float32 that a Box space holds: `[Float]`, or a SIMD vector for
/// environments whose observations must not allocate (CartPole's is `SIMD4<Float>`).
public protocol FloatVector: Sendable, Equatable {
    var scalarCount: Int { get }
    subscript(index: Int) -> Float { get set }
}

extension Array: FloatVector where Element == Float {
    public var scalarCount: Int { count }
}
extension SIMD2: FloatVector where Scalar == Float {}
extension SIMD4: FloatVector where Scalar == Float {}
extension SIMD8: FloatVector where Scalar == Float {}
extension SIMD16: FloatVector where Scalar == Float {}
