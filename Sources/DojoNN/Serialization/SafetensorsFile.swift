import Foundation

/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors):
/// an 8-byte little-endian header length N, N bytes of JSON
/// `{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ..., "__metadata__": {...}}`
/// (padded with spaces to a multiple of 8), then the tensor bytes, little-endian, with offsets
/// relative to the end of the header. Only F32 tensors of rank 1 or 2 are supported here.
///
/// Reading validates everything before touching tensor bytes: the header length against the
/// file size, the JSON, every dtype, every shape against its byte range, and that the ranges tile
/// the data section exactly (sorted, no gap, no overlap, ending at the end of the file).
public enum SafetensorsFile {
    /// A tensor as stored: its shape (rank 1 is read as 1 x n) and values.
    public struct Tensor: Equatable {
        public var shape: [Int]
        public var matrix: Matrix
    }

    static let maxHeaderLength: UInt64 = 100_000_000

    /// Writes `tensors` in the given order and `metadata`, atomically: a temporary file in the same
    /// directory, then rename. Each tensor is stored with `shape` (which must hold its count).
    public static func write(_ tensors: [(name: String, shape: [Int], matrix: Matrix)],
                             metadata: [String: String], to path: String) throws {
        var entries: [String: Any] = [:]
        if !metadata.isEmpty { entries["__metadata__"] = metadata }
        var offset = 0
        for t in tensors {
            precondition(t.shape.reduce(1, *) == t.matrix.count,
                         "safetensors: tensor \(t.name) shape \(t.shape) does not hold \(t.matrix.count) values")
            precondition(t.name != "__metadata__" && entries[t.name] == nil,
                         "safetensors: tensor name '\(t.name)' is reserved or used twice")
            let bytes = t.matrix.count * 4
            entries[t.name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        // Foundation's encoder does the string escaping; sorted keys make the bytes reproducible.
        let json: Data
        do {
            json = try JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw SafetensorsError.unwritable(path: path, reason: "cannot encode the header: \(error)")
        }
        var header = [UInt8](json)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for t in tensors {
            #if _endian(little)
            // A checkpoint's replay buffer is millions of floats: copy them as one block.
            t.matrix.storage.withUnsafeBytes { data.append(contentsOf: $0) }
            #else
            for x in t.matrix.storage {
                withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
            #endif
        }
        try writeAtomically(data, to: path)
    }

    /// Reads every tensor and the metadata map, validating the file as described above.
    public static func read(from path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SafetensorsError.unreadable(path: path, reason: error.localizedDescription)
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw SafetensorsError.tooShort(path: path, size: bytes.count) }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length >= 2, length <= maxHeaderLength, length <= UInt64(bytes.count - 8) else {
            throw SafetensorsError.badHeaderLength(path: path, length: length, fileSize: bytes.count)
        }
        let headerEnd = 8 + Int(length)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw SafetensorsError.badJSON(path: path, reason: "does not parse")
        }
        guard let header = json as? [String: Any] else {
            throw SafetensorsError.badJSON(path: path, reason: "top level is not an object")
        }
        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let map = raw as? [String: Any] else {
                throw SafetensorsError.badJSON(path: path, reason: "__metadata__ is not an object")
            }
            for (key, value) in map {
                guard let s = value as? String else {
                    throw SafetensorsError.badJSON(path: path, reason: "__metadata__ value for '\(key)' is not a string")
                }
                metadata[key] = s
            }
        }
        let dataSize = bytes.count - headerEnd
        var ranges: [(name: String, begin: Int, end: Int, shape: [Int])] = []
        for (name, raw) in header where name != "__metadata__" {
            ranges.append(try parseEntry(name, raw, path: path))
        }
        ranges.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for r in ranges {
            guard r.begin == expected else {
                throw SafetensorsError.badOffsets(path: path, reason: r.begin < expected
                    ? "tensor '\(r.name)' overlaps the previous one" : "gap before tensor '\(r.name)'")
            }
            guard r.end <= dataSize else {
                throw SafetensorsError.badOffsets(path: path, reason:
                    "tensor '\(r.name)' ends at byte \(r.end) but the data section has \(dataSize) bytes (truncated file?)")
            }
            expected = r.end
        }
        guard expected == dataSize else {
            throw SafetensorsError.badOffsets(path: path, reason:
                "tensors cover \(expected) bytes but the data section has \(dataSize)")
        }
        var tensors: [String: Tensor] = [:]
        for r in ranges {
            let count = (r.end - r.begin) / 4
            var values = [Float](repeating: 0, count: count)
            let base = headerEnd + r.begin
            #if _endian(little)
            values.withUnsafeMutableBytes { dst in
                bytes.withUnsafeBytes { src in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[base..<(base + 4 * count)])) }
            }
            #else
            for i in 0..<count {
                let o = base + 4 * i
                let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
                values[i] = Float(bitPattern: bits)
            }
            #endif
            let rows = r.shape.count == 2 ? r.shape[0] : 1
            let cols = r.shape.count == 2 ? r.shape[1] : (r.shape.first ?? 1)
            tensors[r.name] = Tensor(shape: r.shape, matrix: Matrix(rows: rows, cols: cols, values))
        }
        return (tensors, metadata)
    }

    private static func parseEntry(_ name: String, _ raw: Any, path: String) throws
        -> (name: String, begin: Int, end: Int, shape: [Int]) {
        guard let entry = raw as? [String: Any] else {
            throw SafetensorsError.badEntry(path: path, tensor: name, reason: "entry is not an object")
        }
        guard let dtype = entry["dtype"] as? String else {
            throw SafetensorsError.badEntry(path: path, tensor: name, reason: "missing dtype")
        }
        guard dtype == "F32" else { throw SafetensorsError.unsupportedDType(path: path, tensor: name, dtype: dtype) }
        guard let shapeRaw = entry["shape"] as? [Any], let shape = integers(shapeRaw), shape.allSatisfy({ $0 >= 0 }),
              shape.count <= 2 else {
            throw SafetensorsError.badEntry(path: path, tensor: name, reason: "shape must be a list of at most 2 non-negative integers")
        }
        guard let offsetsRaw = entry["data_offsets"] as? [Any], let offsets = integers(offsetsRaw), offsets.count == 2,
              offsets[0] >= 0, offsets[1] >= offsets[0] else {
            throw SafetensorsError.badEntry(path: path, tensor: name, reason: "data_offsets must be [begin, end] with 0 <= begin <= end")
        }
        var elements = 1
        for d in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Int(Int32.max) else {
                throw SafetensorsError.badEntry(path: path, tensor: name, reason: "shape \(shape) is too large")
            }
            elements = product
        }
        let span = offsets[1] - offsets[0]
        guard span == elements * 4 else {
            throw SafetensorsError.shapeMismatch(path: path, tensor: name, shape: shape, bytes: span)
        }
        return (name, offsets[0], offsets[1], shape)
    }

    private static func integers(_ values: [Any]) -> [Int]? {
        var result: [Int] = []
        for v in values {
            guard let n = v as? NSNumber else { return nil }
            let d = n.doubleValue
            guard d.rounded() == d, abs(d) < 9e15 else { return nil }
            result.append(n.intValue)
        }
        return result
    }

    /// Writes `data` through `AtomicFile`, so a reader (or a crash) sees either the old file or the
    /// complete new one.
    static func writeAtomically(_ data: Data, to path: String) throws {
        do {
            try AtomicFile.write([UInt8](data), to: path)
        } catch {
            throw SafetensorsError.unwritable(path: path, reason: error.reason)
        }
    }
}
