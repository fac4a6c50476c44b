/// Reads scenes from a byte stream of frames (see `SceneWireFormat`), incrementally: feed it
/// whatever bytes arrived, then take every complete scene. A frame split across reads is kept
/// until its last byte arrives.
///
///     var decoder = SceneDecoder()
///     decoder.append(bytesJustRead)
///     while let scene = try decoder.next() { draw(scene) }
///     ...
///     try decoder.finish()   // at end of input: throws if a frame was cut off
///
/// A header is checked as soon as its 10 bytes are in, so a bad magic or an oversized length is
/// reported without waiting for (or buffering) the payload. After an error the stream has lost
/// its framing; stop reading it.
public struct SceneDecoder: Sendable {
    private var buffer: [UInt8] = []
    /// Index of the first byte not yet consumed; the bytes before it are dropped lazily.
    private var start = 0

    public init() {}

    /// Bytes received but not yet decoded into a scene.
    public var bufferedByteCount: Int { buffer.count - start }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete scene, or nil if more bytes are needed.
    public mutating func next() throws -> Scene? {
        let available = buffer.count - start
        guard available >= SceneWireFormat.headerBytes else { return nil }
        let length = try checkHeader()
        guard available >= SceneWireFormat.headerBytes + length else { return nil }
        let payloadStart = start + SceneWireFormat.headerBytes
        let scene = try buffer.withUnsafeBufferPointer { all in
            var reader = PayloadReader(bytes: UnsafeBufferPointer(rebasing: all[payloadStart..<payloadStart + length]))
            return try reader.scene()
        }
        start = payloadStart + length
        return scene
    }

    /// Call at end of input: throws `.truncated` if part of a frame is still buffered.
    public func finish() throws {
        let available = buffer.count - start
        guard available > 0 else { return }
        if available < SceneWireFormat.headerBytes {
            throw SceneWireError.truncated(buffered: available, frameBytes: nil)
        }
        let length = try checkHeader()
        throw SceneWireError.truncated(buffered: available, frameBytes: SceneWireFormat.headerBytes + length)
    }

    /// Validates the header at `start` and returns the payload length.
    private func checkHeader() throws -> Int {
        let magic = Array(buffer[start..<start + 4])
        guard magic == SceneWireFormat.magic else { throw SceneWireError.badMagic(magic) }
        let version = UInt16(buffer[start + 4]) | UInt16(buffer[start + 5]) << 8
        guard version == SceneWireFormat.version else { throw SceneWireError.unsupportedVersion(version) }
        var length = 0
        for i in 0..<4 { length |= Int(buffer[start + 6 + i]) << (8 * i) }
        guard length <= SceneWireFormat.maxPayloadBytes else {
            throw SceneWireError.oversizedFrame(length: length, limit: SceneWireFormat.maxPayloadBytes)
        }
        return length
    }
}

/// Reads one payload, checking every length against the bytes left in the frame.
private struct PayloadReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int, field: @autoclosure () -> String) throws -> UnsafeBufferPointer<UInt8> {
        guard count <= remaining else {
            throw SceneWireError.lengthPastFrame(field: field(), needed: count, remaining: remaining)
        }
        defer { offset += count }
        return UnsafeBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func uint32(field: @autoclosure () -> String) throws -> Int {
        let b = try take(4, field: field())
        return Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16 | Int(b[3]) << 24
    }

    mutating func byte(field: @autoclosure () -> String) throws -> UInt8 {
        try take(1, field: field())[0]
    }

    mutating func float(field: @autoclosure () -> String) throws -> Float {
        let name = field()
        let value = Float(bitPattern: UInt32(truncatingIfNeeded: try uint32(field: name)))
        guard value.isFinite else { throw SceneWireError.nonFiniteNumber(field: name) }
        return value
    }

    mutating func point(field: @autoclosure () -> String) throws -> Point {
        let name = field()
        let x = try float(field: name + ".x")
        let y = try float(field: name + ".y")
        return Point(x, y)
    }

    mutating func rect(field: @autoclosure () -> String) throws -> Rect {
        let name = field()
        return Rect(x: try float(field: name + ".x"), y: try float(field: name + ".y"),
                    width: try float(field: name + ".width"), height: try float(field: name + ".height"))
    }

    mutating func color(field: @autoclosure () -> String) throws -> Color {
        let b = try take(4, field: field() + ".color")
        return Color(b[0], b[1], b[2], b[3])
    }

    mutating func string(field: @autoclosure () -> String) throws -> String {
        let name = field()
        let count = try uint32(field: name + ".length")
        let utf8 = try take(count, field: name)
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw SceneWireError.invalidUTF8(field: name)
        }
        return text
    }

    mutating func scene() throws -> Scene {
        let world = try rect(field: "world")
        let background = try color(field: "background")
        let caption = try string(field: "caption")
        let count = try uint32(field: "primitive count")
        // Every primitive takes at least 9 bytes (a tag, a colour, a count or a float), so a
        // count beyond that is garbage; checking it first keeps `reserveCapacity` honest.
        guard count <= remaining / 9 else {
            throw SceneWireError.lengthPastFrame(field: "primitives", needed: count * 9, remaining: remaining)
        }
        var primitives: [Primitive] = []
        primitives.reserveCapacity(count)
        for index in 0..<count { primitives.append(try primitive(index: index)) }
        guard remaining == 0 else { throw SceneWireError.trailingBytes(remaining) }
        return Scene(world: world, background: background, primitives: primitives, caption: caption)
    }

    mutating func primitive(index: Int) throws -> Primitive {
        let name = "primitive[\(index)]"
        let raw = try byte(field: name + ".tag")
        guard let tag = SceneWireFormat.Tag(rawValue: raw) else {
            throw SceneWireError.unknownPrimitiveTag(raw, index: index)
        }
        switch tag {
        case .rect:
            let r = try rect(field: name)
            return .rect(r, try color(field: name))
        case .line:
            let from = try point(field: name + ".from")
            let to = try point(field: name + ".to")
            let width = try float(field: name + ".width")
            return .line(from: from, to: to, width: width, try color(field: name))
        case .circle:
            let center = try point(field: name + ".center")
            let radius = try float(field: name + ".radius")
            let flag = try byte(field: name + ".filled")
            guard flag <= 1 else { throw SceneWireError.invalidFlag(flag, field: name + ".filled") }
            return .circle(center: center, radius: radius, filled: flag == 1, try color(field: name))
        case .polygon:
            let count = try uint32(field: name + ".vertex count")
            guard count <= remaining / 8 else {
                throw SceneWireError.lengthPastFrame(field: name + ".vertices", needed: count * 8, remaining: remaining)
            }
            var points: [Point] = []
            points.reserveCapacity(count)
            for i in 0..<count { points.append(try point(field: "\(name).vertex[\(i)]")) }
            return .polygon(points, try color(field: name))
        case .text:
            let text = try string(field: name + ".text")
            let at = try point(field: name + ".at")
            let size = try float(field: name + ".size")
            return .text(text, at: at, size: size, try color(field: name))
        }
    }
}
