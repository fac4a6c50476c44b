/// Updates a network's parameters from the gradients its last `backward` set.
///
/// Every optimizer keeps per-parameter state (created on the first step, reused after, so warm
/// steps allocate nothing), exposes it as `state` for checkpoints and takes it back with
/// `restore(state:)`. State keys are "<buffer>.<k>" for parameter tensor k (e.g. "m.0", "v.3") plus
/// "step" (a 1x1 matrix) where the update depends on the step count.
public protocol Optimizer {
    var learningRate: Float { get set }
    /// L1/L2 penalties whose gradients are added to the loss gradient inside `step`.
    var regularization: Regularization { get set }
    mutating func step(_ network: inout Sequential)
    var state: [String: Matrix] { get }
    mutating func restore(state: [String: Matrix]) throws
}

/// Weight penalties applied by an optimizer to every parameter tensor (weights and biases, as
/// PyTorch's `weight_decay`): the loss gains l1 * Σ|w| + (l2 / 2) * Σ w², so the gradient used by
/// the update is g + l1 * sign(w) + l2 * w. (AdamW's decoupled decay is separate: `weightDecay`.)
public struct Regularization: Equatable, Sendable {
    public var l1: Float
    public var l2: Float

    public init(l1: Float = 0, l2: Float = 0) {
        precondition(l1 >= 0 && l2 >= 0, "Regularization: penalties must be non-negative, got l1=\(l1) l2=\(l2)")
        self.l1 = l1
        self.l2 = l2
    }

    public static let none = Regularization()

    /// The penalty term added to the loss for `network`'s current parameters.
    public func penalty(_ network: Sequential) -> Float {
        var total = 0.0
        for k in 0..<network.parameterTensorCount {
            for w in network.parameter(at: k).storage {
                total += Double(l1) * Double(abs(w)) + 0.5 * Double(l2) * Double(w) * Double(w)
            }
        }
        return Float(total)
    }

    /// g + l1 * sign(w) + l2 * w, branch-free so update loops vectorize.
    @inline(__always)
    func gradient(_ g: Float, _ w: Float) -> Float {
        let sign: Float = (w > 0 ? 1 : 0) - (w < 0 ? 1 : 0)
        return g + l2 * w + l1 * sign
    }
}

/// A checkpoint's optimizer state did not fit the optimizer.
public struct OptimizerStateError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Per-parameter buffers of one kind (Adam's "m", SGD's "velocity", ...), shaped like the
/// network's parameters.
struct ParameterBuffers {
    let name: String
    var buffers: [Matrix] = []

    init(_ name: String) { self.name = name }

    /// Whether `buffers` have been checked against the network's shapes (so warm steps skip it).
    private var checked = false

    /// Creates zero buffers shaped like `network`'s parameters, or checks restored ones once.
    mutating func prepare(for network: Sequential) {
        if checked && buffers.count == network.parameterTensorCount { return }
        if buffers.isEmpty {
            buffers = (0..<network.parameterTensorCount).map {
                let p = network.parameter(at: $0)
                return Matrix(rows: p.rows, cols: p.cols)
            }
        } else {
            precondition(buffers.count == network.parameterTensorCount,
                         "Optimizer: restored state '\(name)' has \(buffers.count) tensors, the network \(network.parameterTensorCount)")
            for k in 0..<buffers.count {
                let p = network.parameter(at: k)
                precondition(p.rows == buffers[k].rows && p.cols == buffers[k].cols,
                             "Optimizer: restored state '\(name).\(k)' is \(buffers[k].rows)x\(buffers[k].cols), the parameter \(p.rows)x\(p.cols)")
            }
        }
        checked = true
    }

    func encode(into state: inout [String: Matrix]) {
        for (k, buffer) in buffers.enumerated() { state["\(name).\(k)"] = buffer }
    }

    /// Reads buffers "name.0", "name.1", ... from `state` (none: empty, set up at the next step).
    mutating func decode(from state: [String: Matrix]) throws {
        var found: [Matrix] = []
        while let m = state["\(name).\(found.count)"] { found.append(m) }
        let extra = state.keys.filter { $0.hasPrefix(name + ".") }.count - found.count
        if extra != 0 {
            throw OptimizerStateError("optimizer state '\(name)' has non-contiguous tensor indices")
        }
        buffers = found
        checked = false
    }
}

/// Reads the "step" counter from a state map.
func decodeStep(_ state: [String: Matrix]) throws -> Int {
    guard let m = state["step"] else { throw OptimizerStateError("optimizer state has no 'step' entry") }
    guard m.count == 1, m.storage[0] >= 0, m.storage[0] == m.storage[0].rounded() else {
        throw OptimizerStateError("optimizer state 'step' must be one non-negative integer")
    }
    return Int(m.storage[0])
}

/// Runs `body` over raw pointers to parameter k, its gradient and one state buffer.
@inline(__always)
func updateTensor(_ network: inout Sequential, _ k: Int, _ a: inout ParameterBuffers,
                  _ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>,
                           UnsafeMutableBufferPointer<Float>) -> Void) {
    network.withParameter(at: k) { w, g in
        w.storage.withUnsafeMutableBufferPointer { pw in
            g.storage.withUnsafeBufferPointer { pg in
                a.buffers[k].storage.withUnsafeMutableBufferPointer { pa in body(pw, pg, pa) }
            }
        }
    }
}

/// Runs `body` over raw pointers to parameter k, its gradient and two state buffers.
@inline(__always)
func updateTensor(_ network: inout Sequential, _ k: Int, _ a: inout ParameterBuffers, _ b: inout ParameterBuffers,
                  _ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>,
                           UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) {
    updateTensor(&network, k, &a) { pw, pg, pa in
        b.buffers[k].storage.withUnsafeMutableBufferPointer { pb in body(pw, pg, pa, pb) }
    }
}
