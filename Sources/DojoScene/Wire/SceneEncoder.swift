/// Turns scenes into frames of the wire format described in `SceneWireFormat`.
///
/// Encoding checks what decoding would reject, so a sender learns of a bad scene (a NaN from a
/// diverged simulation, a payload over the cap) at the call that made it, not from a dead reader.
public struct SceneEncoder: Sendable {
    public init() {}

    /// One complete frame: header and payload.
    public func encode(_ scene: Scene) throws -> [UInt8] {
        var payload = PayloadWriter()
        try payload.rect(scene.world, field: "world")
        payload.color(scene.background)
        try payload.string(scene.caption)
        payload.uint32(scene.primitives.count)
        for (index, primitive) in scene.primitives.enumerated() {
            try payload.primitive(primitive, index: index)
        }
        guard payload.bytes.count <= SceneWireFormat.maxPayloadBytes else {
            throw SceneWireError.oversizedFrame(length: payload.bytes.count, limit: SceneWireFormat.maxPayloadBytes)
        }
        var frame = SceneWireFormat.magic
        frame.reserveCapacity(SceneWireFormat.headerBytes + payload.bytes.count)
        frame.append(UInt8(SceneWireFormat.version & 0xFF))
        frame.append(UInt8(SceneWireFormat.version >> 8))
        appendUInt32(UInt32(payload.bytes.count), to: &frame)
        frame += payload.bytes
        return frame
    }
}

private func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes.append(UInt8(truncatingIfNeeded: value))
    bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    bytes.append(UInt8(truncatingIfNeeded: value >> 16))
    bytes.append(UInt8(truncatingIfNeeded: value >> 24))
}

private struct PayloadWriter {
    var bytes: [UInt8] = []

    mutating func uint32(_ value: Int) {
        appendUInt32(UInt32(truncatingIfNeeded: value), to: &bytes)
    }

    mutating func float(_ value: Float, field: @autoclosure () -> String) throws {
        guard value.isFinite else { throw SceneWireError.nonFiniteNumber(field: field()) }
        appendUInt32(value.bitPattern, to: &bytes)
    }

    mutating func point(_ p: Point, field: @autoclosure () -> String) throws {
        try float(p.x, field: field() + ".x")
        try float(p.y, field: field() + ".y")
    }

    mutating func rect(_ r: Rect, field: @autoclosure () -> String) throws {
        try float(r.x, field: field() + ".x")
        try float(r.y, field: field() + ".y")
        try float(r.width, field: field() + ".width")
        try float(r.height, field: field() + ".height")
    }

    mutating func color(_ c: Color) {
        bytes += [c.r, c.g, c.b, c.a]
    }

    mutating func string(_ s: String) throws {
        let utf8 = Array(s.utf8)
        guard utf8.count <= SceneWireFormat.maxPayloadBytes else {
            throw SceneWireError.oversizedFrame(length: utf8.count, limit: SceneWireFormat.maxPayloadBytes)
        }
        uint32(utf8.count)
        bytes += utf8
    }

    mutating func primitive(_ primitive: Primitive, index: Int) throws {
        let name = "primitive[\(index)]"
        switch primitive {
        case .rect(let r, let c):
            bytes.append(SceneWireFormat.Tag.rect.rawValue)
            try rect(r, field: name)
            color(c)
        case .line(let from, let to, let width, let c):
            bytes.append(SceneWireFormat.Tag.line.rawValue)
            try point(from, field: name + ".from")
            try point(to, field: name + ".to")
            try float(width, field: name + ".width")
            color(c)
        case .circle(let center, let radius, let filled, let c):
            bytes.append(SceneWireFormat.Tag.circle.rawValue)
            try point(center, field: name + ".center")
            try float(radius, field: name + ".radius")
            bytes.append(filled ? 1 : 0)
            color(c)
        case .polygon(let points, let c):
            bytes.append(SceneWireFormat.Tag.polygon.rawValue)
            uint32(points.count)
            for (i, p) in points.enumerated() { try point(p, field: "\(name).vertex[\(i)]") }
            color(c)
        case .text(let s, let at, let size, let c):
            bytes.append(SceneWireFormat.Tag.text.rawValue)
            try string(s)
            try point(at, field: name + ".at")
            try float(size, field: name + ".size")
            color(c)
        }
    }
}
