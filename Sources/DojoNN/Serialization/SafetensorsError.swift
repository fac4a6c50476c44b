/// Why a safetensors file could not be read or written. Each description names the file and the
/// problem in one line.
public enum SafetensorsError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case tooShort(path: String, size: Int)
    case badHeaderLength(path: String, length: UInt64, fileSize: Int)
    case badJSON(path: String, reason: String)
    case badEntry(path: String, tensor: String, reason: String)
    case unsupportedDType(path: String, tensor: String, dtype: String)
    case shapeMismatch(path: String, tensor: String, shape: [Int], bytes: Int)
    case badOffsets(path: String, reason: String)
    case badArchitecture(path: String, reason: String)
    case missingTensor(path: String, tensor: String)
    case unexpectedTensor(path: String, tensor: String)
    case wrongTensorShape(path: String, tensor: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .unwritable(path, reason): return "cannot write \(path): \(reason)"
        case let .tooShort(path, size):
            return "\(path) is not a safetensors file: \(size) bytes is shorter than the 8-byte header length"
        case let .badHeaderLength(path, length, fileSize):
            return "\(path): header length \(length) does not fit in a file of \(fileSize) bytes"
        case let .badJSON(path, reason): return "\(path): header is not valid safetensors JSON: \(reason)"
        case let .badEntry(path, tensor, reason): return "\(path): tensor '\(tensor)': \(reason)"
        case let .unsupportedDType(path, tensor, dtype):
            return "\(path): tensor '\(tensor)' has dtype \(dtype); only F32 is supported"
        case let .shapeMismatch(path, tensor, shape, bytes):
            return "\(path): tensor '\(tensor)' has shape \(shape) but its data_offsets span \(bytes) bytes"
        case let .badOffsets(path, reason): return "\(path): data offsets are inconsistent: \(reason)"
        case let .badArchitecture(path, reason): return "\(path): cannot rebuild the network: \(reason)"
        case let .missingTensor(path, tensor): return "\(path): tensor '\(tensor)' is missing"
        case let .unexpectedTensor(path, tensor): return "\(path): unexpected tensor '\(tensor)'"
        case let .wrongTensorShape(path, tensor, expected, found):
            return "\(path): tensor '\(tensor)' has shape \(found), the architecture needs \(expected)"
        }
    }
}
