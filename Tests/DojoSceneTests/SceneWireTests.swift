import Testing
@testable import DojoScene

/// A scene holding every primitive kind, with awkward values (negative, fractional, non-ASCII).
let everyPrimitive = Scene(
    world: Rect(x: -2.4, y: -0.5, width: 4.8, height: 2.25),
    background: Color(250, 240, 230, 200),
    primitives: [
        .rect(Rect(x: -0.25, y: 0, width: 0.5, height: 0.3), .black),
        .line(from: Point(-2.4, 0), to: Point(2.4, 0.125), width: 0, Color(1, 2, 3, 4)),
        .circle(center: Point(0.5, 1e-6), radius: 0.05, filled: true, Color(202, 152, 101)),
        .circle(center: Point(-1, 1), radius: 3e5, filled: false, Color(0, 0, 255, 128)),
        .polygon([Point(0, 0), Point(1, 0), Point(0.5, -1.5), Point(0.25, 0.25)], Color(9, 8, 7)),
        .polygon([], .white),
        .text("return 41 · ε=0.05", at: Point(-2, 1.5), size: 0.1, Color(200, 0, 0)),
        .text("", at: Point(0, 0), size: 1, .black),
    ],
    caption: "CartPole-v1  episode 3  step 41  return 41 — ✓")

/// A valid frame with the caption "ab" and no primitives, built by hand from the documented layout.
func handMadeFrame(payloadTail: [UInt8] = [0, 0, 0, 0]) -> [UInt8] {
    var payload: [UInt8] = []
    for value: Float in [0, 0, 2, 1] { payload += le32(value.bitPattern) }
    payload += [10, 20, 30, 255]
    payload += le32(2) + Array("ab".utf8)
    payload += payloadTail
    return SceneWireFormat.magic + [1, 0] + le32(UInt32(payload.count)) + payload
}

func le32(_ v: UInt32) -> [UInt8] {
    [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
}

func decodeAll(_ bytes: [UInt8]) throws -> [Scene] {
    var decoder = SceneDecoder()
    decoder.append(bytes)
    var scenes: [Scene] = []
    while let scene = try decoder.next() { scenes.append(scene) }
    try decoder.finish()
    return scenes
}

@Suite("Scene wire format")
struct SceneWireTests {
    @Test("every primitive kind survives encode then decode unchanged")
    func roundTrip() throws {
        let frame = try SceneEncoder().encode(everyPrimitive)
        #expect(try decodeAll(frame) == [everyPrimitive])
    }

    @Test("the encoder writes the documented header: magic, version 1, little-endian payload length")
    func headerLayout() throws {
        let frame = try SceneEncoder().encode(Scene(world: Rect(x: 0, y: 0, width: 2, height: 1),
                                                    background: Color(10, 20, 30), caption: "ab"))
        #expect(frame == handMadeFrame())
        // 16 (rect) + 4 (colour) + 4 + 2 (caption) + 4 (count) = 30 payload bytes.
        #expect(Array(frame[6..<10]) == [30, 0, 0, 0])
    }

    @Test("frames fed one byte at a time decode to the same scenes, in order")
    func incremental() throws {
        let second = Scene(world: Rect(x: 0, y: 0, width: 1, height: 1),
                           primitives: [.rect(Rect(x: 0, y: 0, width: 1, height: 1), .black)])
        let bytes = try SceneEncoder().encode(everyPrimitive) + SceneEncoder().encode(second)
        var decoder = SceneDecoder()
        var scenes: [Scene] = []
        for byte in bytes {
            decoder.append(CollectionOfOne(byte))
            while let scene = try decoder.next() { scenes.append(scene) }
        }
        try decoder.finish()
        #expect(scenes == [everyPrimitive, second])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test("the hand-made reference frame decodes to the scene it describes")
    func handMade() throws {
        let scenes = try decodeAll(handMadeFrame())
        #expect(scenes == [Scene(world: Rect(x: 0, y: 0, width: 2, height: 1),
                                 background: Color(10, 20, 30), caption: "ab")])
    }

    static let malformed: [(String, [UInt8], SceneWireError)] = {
        let good = handMadeFrame()
        var badMagic = good; badMagic[0] = 0x58
        var badVersion = good; badVersion[4] = 2
        var oversized = good
        oversized.replaceSubrange(6..<10, with: le32(UInt32(SceneWireFormat.maxPayloadBytes + 1)))
        var nanWorld = good; nanWorld.replaceSubrange(10..<14, with: le32(Float.nan.bitPattern))
        var infWorld = good; infWorld.replaceSubrange(18..<22, with: le32(Float.infinity.bitPattern))
        var longCaption = good; longCaption.replaceSubrange(30..<34, with: le32(1000))
        var badUTF8 = good; badUTF8[34] = 0xFF
        // One primitive with tag 9, padded so the primitive-count check passes.
        let unknownTag = handMadeFrame(payloadTail: le32(1) + [9] + [UInt8](repeating: 0, count: 8))
        let badFlag = handMadeFrame(payloadTail: le32(1) + [3] + le32(0) + le32(0)
                                    + le32(Float(1).bitPattern) + [2] + [0, 0, 0, 255])
        let tooManyPrimitives = handMadeFrame(payloadTail: le32(1_000_000))
        let shortRect = handMadeFrame(payloadTail: le32(1) + [1] + le32(0) + le32(0) + [0, 0, 0, 0])
        let hugePolygon = handMadeFrame(payloadTail: le32(1) + [4] + le32(0xFFFF_FFFF) + [0, 0, 0, 0])
        let trailing = handMadeFrame(payloadTail: le32(0) + [7, 7])
        return [
            ("bad magic", badMagic, .badMagic([0x58, 0x4A, 0x53, 0x43])),
            ("unsupported version", badVersion, .unsupportedVersion(2)),
            ("payload over the cap", oversized,
             .oversizedFrame(length: SceneWireFormat.maxPayloadBytes + 1, limit: SceneWireFormat.maxPayloadBytes)),
            ("NaN in the world rect", nanWorld, .nonFiniteNumber(field: "world.x")),
            ("infinity in the world rect", infWorld, .nonFiniteNumber(field: "world.width")),
            ("caption longer than the frame", longCaption, .lengthPastFrame(field: "caption", needed: 1000, remaining: 6)),
            ("caption not UTF-8", badUTF8, .invalidUTF8(field: "caption")),
            ("unknown primitive tag", unknownTag, .unknownPrimitiveTag(9, index: 0)),
            ("circle filled flag not 0 or 1", badFlag, .invalidFlag(2, field: "primitive[0].filled")),
            ("primitive count past the frame", tooManyPrimitives,
             .lengthPastFrame(field: "primitives", needed: 9_000_000, remaining: 0)),
            ("rect cut short by the frame", shortRect,
             .lengthPastFrame(field: "primitive[0].height", needed: 4, remaining: 0)),
            ("polygon vertex count past the frame", hugePolygon,
             .lengthPastFrame(field: "primitive[0].vertices", needed: Int(UInt32.max) * 8, remaining: 4)),
            ("bytes after the last primitive", trailing, .trailingBytes(2)),
            ("input ends inside the header", Array(good[0..<7]), .truncated(buffered: 7, frameBytes: nil)),
            ("input ends inside the payload", Array(good.dropLast(3)),
             .truncated(buffered: good.count - 3, frameBytes: good.count)),
            ("a good frame then a cut one", good + good.dropLast(1),
             .truncated(buffered: good.count - 1, frameBytes: good.count)),
        ]
    }()

    @Test("malformed input is rejected with a typed one-line error", arguments: malformed)
    func rejects(_ testCase: (String, [UInt8], SceneWireError)) {
        let (_, bytes, expected) = testCase
        #expect(throws: expected) { try decodeAll(bytes) }
        #expect(!expected.description.contains("\n"))
        #expect(!expected.description.isEmpty)
    }

    @Test("a bad header is reported before its payload arrives")
    func earlyHeaderCheck() {
        var decoder = SceneDecoder()
        decoder.append(SceneWireFormat.magic + [1, 0] + le32(0xFFFF_FFFF))
        #expect(throws: SceneWireError.oversizedFrame(length: 0xFFFF_FFFF, limit: SceneWireFormat.maxPayloadBytes)) {
            try decoder.next()
        }
    }

    @Test("the encoder refuses non-finite values rather than sending a frame the reader rejects")
    func encoderChecksFloats() {
        let scene = Scene(world: Rect(x: 0, y: 0, width: 1, height: 1),
                          primitives: [.line(from: Point(0, 0), to: Point(.nan, 1), width: 0, .black)])
        #expect(throws: SceneWireError.nonFiniteNumber(field: "primitive[0].to.x")) {
            try SceneEncoder().encode(scene)
        }
    }
}
