/// The byte layout `dojo watch` streams to `dojo-viz`: one length-prefixed frame per scene.
///
/// A frame is a 10-byte header followed by the payload. All integers and floats are
/// little-endian; floats are IEEE-754 binary32 and must be finite.
///
///     header   magic "DJSC" (4 bytes) | version UInt16 (= 1) | payload length UInt32
///     payload  world rect (x, y, width, height: 4 × Float32)
///              background colour (r, g, b, a: 4 × UInt8)
///              caption (UInt32 byte count, then UTF-8 bytes)
///              primitive count UInt32, then each primitive: a UInt8 tag and its fields
///
/// Primitive tags and fields (a point is 2 × Float32, a colour 4 × UInt8, a string a UInt32 byte
/// count then UTF-8):
///
///     1 rect     x, y, width, height, colour
///     2 line     from point, to point, width Float32, colour
///     3 circle   centre point, radius Float32, filled UInt8 (0 or 1), colour
///     4 polygon  vertex count UInt32, the vertices, colour
///     5 text     string, lower-left point, size Float32, colour
///
/// The payload must be consumed exactly: trailing bytes make the frame malformed. A payload may
/// be at most `maxPayloadBytes` long, so a garbled length cannot make a reader allocate gigabytes.
public enum SceneWireFormat {
    /// "DJSC": the first bytes of every frame.
    public static let magic: [UInt8] = [0x44, 0x4A, 0x53, 0x43]
    public static let version: UInt16 = 1
    /// Magic, version, payload length.
    public static let headerBytes = 10
    /// The largest payload accepted: 16 MiB, far above any scene worth drawing at 50 fps.
    public static let maxPayloadBytes = 16 << 20

    enum Tag: UInt8 {
        case rect = 1, line = 2, circle = 3, polygon = 4, text = 5
    }
}

/// Why a frame was rejected. Each description is one line.
public enum SceneWireError: Error, Equatable, CustomStringConvertible {
    /// The first four bytes of a frame were not "DJSC".
    case badMagic([UInt8])
    case unsupportedVersion(UInt16)
    /// The header announced a payload larger than `SceneWireFormat.maxPayloadBytes`.
    case oversizedFrame(length: Int, limit: Int)
    /// A field (named) needed more bytes than the frame has left.
    case lengthPastFrame(field: String, needed: Int, remaining: Int)
    case unknownPrimitiveTag(UInt8, index: Int)
    /// A float field (named) was NaN or infinite.
    case nonFiniteNumber(field: String)
    case invalidUTF8(field: String)
    /// A circle's `filled` byte was neither 0 nor 1.
    case invalidFlag(UInt8, field: String)
    /// The payload had bytes left after its last primitive.
    case trailingBytes(Int)
    /// The input ended inside a frame.
    case truncated(buffered: Int, frameBytes: Int?)

    public var description: String {
        switch self {
        case .badMagic(let bytes):
            let hex = bytes.map { byte -> String in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined(separator: " ")
            return "bad frame magic \(hex) (expected 44 4a 53 43, \"DJSC\"): not a scene stream"
        case .unsupportedVersion(let version):
            return "unsupported scene frame version \(version) (this build reads version \(SceneWireFormat.version))"
        case .oversizedFrame(let length, let limit):
            return "scene frame payload of \(length) bytes exceeds the limit of \(limit) bytes"
        case .lengthPastFrame(let field, let needed, let remaining):
            return "scene frame field \(field) needs \(needed) bytes but only \(remaining) remain in the frame"
        case .unknownPrimitiveTag(let tag, let index):
            return "unknown primitive tag \(tag) at primitive \(index) of the scene frame"
        case .nonFiniteNumber(let field):
            return "scene frame field \(field) is not a finite number"
        case .invalidUTF8(let field):
            return "scene frame field \(field) is not valid UTF-8"
        case .invalidFlag(let value, let field):
            return "scene frame field \(field) is \(value), expected 0 or 1"
        case .trailingBytes(let count):
            return "scene frame has \(count) unexpected bytes after its last primitive"
        case .truncated(let buffered, let frameBytes):
            if let frameBytes {
                return "input ended inside a scene frame (\(buffered) of \(frameBytes) bytes received)"
            }
            return "input ended inside a scene frame header (\(buffered) of \(SceneWireFormat.headerBytes) bytes received)"
        }
    }
}
