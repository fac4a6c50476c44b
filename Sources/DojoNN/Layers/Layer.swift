import DojoRandom

/// One stage of a `Sequential` network, with explicit forward and backward passes.
///
/// A layer owns its output and input-gradient buffers and reuses them: they are resized only when
/// the batch size changes (`Matrix.reshape` keeps capacity), so a warm training step allocates
/// nothing. The layer never keeps a reference to the input it was given: `Sequential` passes the
/// same input again to `backward`, so no buffer is shared between two owners (a shared buffer
/// would be copied on the next write).
///
/// Parameters are addressed by index `0..<parameterTensorCount` (for `Dense`: 0 = weight,
/// 1 = bias); each has a gradient of the same shape, which `backward` overwrites.
public protocol Layer {
    /// Features per example this layer accepts, or nil if it accepts any width.
    var inputSize: Int? { get }
    /// The width of the output for an input of width `inputSize`.
    func outputSize(forInputSize inputSize: Int) -> Int

    /// The output of the last `forward` (batch x outputSize).
    var output: Matrix { get }
    /// dL/dinput from the last `backward` (batch x inputSize).
    var inputGradient: Matrix { get }

    /// Computes `output` from `input` (batch x inputSize). `rng` is drawn from only by layers
    /// that are random in training mode (Dropout).
    mutating func forward(_ input: Matrix, training: Bool, using rng: inout SeededGenerator)
    /// Given dL/doutput and the input of the last forward, sets the parameter gradients and
    /// `inputGradient`.
    mutating func backward(_ outputGradient: Matrix, input: Matrix)

    /// Number of parameter tensors (0 for parameterless layers).
    var parameterTensorCount: Int { get }
    /// Names of the parameter tensors in index order (used in saved files: "weight", "bias").
    var parameterNames: [String] { get }
    /// Parameter tensor `index`.
    func parameter(at index: Int) -> Matrix
    /// Gradient of parameter tensor `index`.
    func gradient(at index: Int) -> Matrix
    /// Gives mutable access to parameter `index` and its gradient, in place.
    mutating func withParameter(at index: Int, _ body: (inout Matrix, inout Matrix) -> Void)
    /// Whether `training: true` makes this layer random (then forward needs a real generator).
    var isStochastic: Bool { get }

    /// A token describing this layer's architecture in saved files, e.g. "dense:4:64", "relu".
    var architectureToken: String { get }
}

extension Layer {
    public var parameterTensorCount: Int { 0 }
    public var parameterNames: [String] { [] }
    public func parameter(at index: Int) -> Matrix {
        preconditionFailure("\(Self.self) has no parameter \(index)")
    }
    public func gradient(at index: Int) -> Matrix {
        preconditionFailure("\(Self.self) has no parameter \(index)")
    }
    public mutating func withParameter(at index: Int, _ body: (inout Matrix, inout Matrix) -> Void) {
        preconditionFailure("\(Self.self) has no parameter \(index)")
    }
    public var isStochastic: Bool { false }
}
