/// A row-major matrix of Float32 over contiguous storage.
///
/// Element (r, c) lives at `storage[r * cols + c]`. A batch of vectors is a matrix with one vector
/// per row. `Matrix` is a value type with copy-on-write storage: keep one owner of a buffer you
/// write to on a hot path (layers keep their buffers; callers read them) so writes never copy.
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    public private(set) var rows: Int
    public private(set) var cols: Int
    /// The elements, row after row; `storage.count == rows * cols` (checked after every change).
    ///
    /// A change made in place (`m.storage[i] = x`, `m.storage.withUnsafeMutableBufferPointer`) must
    /// not copy the array. A `didSet` observer made every such change from another module a get,
    /// a copy and a set (measured: 64 array copies per DQN gradient step, one per loss-gradient
    /// element); `_modify` lends the array itself and checks the shape afterwards.
    public var storage: [Float] {
        get { elements }
        set {
            elements = newValue
            checkShape()
        }
        _modify {
            yield &elements
            checkShape()
        }
    }
    private var elements: [Float]

    private func checkShape() {
        precondition(elements.count == rows * cols,
                     "Matrix: storage has \(elements.count) elements but shape is \(rows)x\(cols)")
    }

    /// A rows x cols matrix with every element equal to `value`.
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)x\(cols)")
        self.rows = rows
        self.cols = cols
        elements = Array(repeating: value, count: rows * cols)
    }

    /// A rows x cols matrix over `storage`, given row after row.
    public init(rows: Int, cols: Int, _ storage: [Float]) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)x\(cols)")
        precondition(storage.count == rows * cols,
                     "Matrix: \(storage.count) values do not fill a \(rows)x\(cols) matrix")
        self.rows = rows
        self.cols = cols
        elements = storage
    }

    /// A matrix from nested rows, all of the same length: `Matrix([[1, 2], [3, 4]])`.
    public init(_ nestedRows: [[Float]]) {
        let cols = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == cols }, "Matrix: ragged rows")
        self.init(rows: nestedRows.count, cols: cols, nestedRows.flatMap { $0 })
    }

    public static func zeros(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, repeating: 0)
    }

    public var count: Int { rows * cols }
    public var shape: (rows: Int, cols: Int) { (rows, cols) }

    @inlinable
    public subscript(row: Int, col: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && col >= 0 && col < cols,
                         "Matrix: index (\(row), \(col)) outside \(rows)x\(cols)")
            return storage[row * cols + col]
        }
        set {
            precondition(row >= 0 && row < rows && col >= 0 && col < cols,
                         "Matrix: index (\(row), \(col)) outside \(rows)x\(cols)")
            storage[row * cols + col] = newValue
        }
    }

    /// Changes the shape to rows x cols. Elements are kept in storage order where they fit; new
    /// ones are zero. The array keeps its capacity, so shrinking and growing back to a size seen
    /// before does not allocate (this is how layers follow a changing batch size).
    public mutating func reshape(rows newRows: Int, cols newCols: Int) {
        precondition(newRows >= 0 && newCols >= 0, "Matrix: negative shape \(newRows)x\(newCols)")
        let newCount = newRows * newCols
        if newCount == storage.count {
            rows = newRows
            cols = newCols
            return
        }
        if newCount < elements.count {
            elements.removeLast(elements.count - newCount)
        } else {
            elements.append(contentsOf: repeatElement(0, count: newCount - elements.count))
        }
        rows = newRows
        cols = newCols
    }

    /// Sets every element to `value` without reallocating.
    public mutating func fill(_ value: Float) {
        storage.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = value }
        }
    }

    /// Row `r` as a new array (convenience; not for hot paths).
    public func row(_ r: Int) -> [Float] {
        precondition(r >= 0 && r < rows, "Matrix: row \(r) outside \(rows) rows")
        return Array(storage[(r * cols)..<((r + 1) * cols)])
    }

    public var description: String {
        var lines: [String] = []
        for r in 0..<min(rows, 8) {
            let values = (0..<min(cols, 8)).map { String(storage[r * cols + $0]) }
            lines.append("[" + values.joined(separator: ", ") + (cols > 8 ? ", …]" : "]"))
        }
        if rows > 8 { lines.append("…") }
        return "Matrix \(rows)x\(cols)\n" + lines.joined(separator: "\n")
    }
}
