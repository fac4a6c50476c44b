import DojoNN
import DojoRandom
import Foundation
import Testing
import TestSupport

@Suite("safetensors save and load")
struct SafetensorsTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "dojo-safetensors-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func sampleNetwork() -> Sequential {
        var rng = SeededGenerator(seed: 8)
        var layers = Sequential.mlp(sizes: [4, 6, 3], activation: .leakyReLU(slope: 0.01), dropout: 0.1, using: &rng).layers
        layers.append(DuelingAggregation(actions: 2))
        layers.append(ActivationLayer(.elu(alpha: 0.5)))
        return Sequential(layers: layers)
    }

    /// A valid header + data built by hand, so each test can break exactly one thing.
    func file(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> String {
        let path = directory + "/\(UUID().uuidString).safetensors"
        var bytes: [UInt8] = []
        let h = Array(header.utf8)
        withUnsafeBytes(of: (declaredLength ?? UInt64(h.count)).littleEndian) { bytes += $0 }
        bytes += h + data
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    let goodHeader = #"{"__metadata__":{"dojo.architecture":"dense:2:1"},"layers.0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"layers.0.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
    let twelveBytes: [UInt8] = Array(repeating: 0, count: 12)

    @Test("round trip keeps architecture, parameters, outputs and metadata")
    func roundTrip() throws {
        let net = sampleNetwork()
        let path = directory + "/model.safetensors"
        try net.save(to: path, metadata: ["env": "CartPole-v1", "quote": "a \"b\"\n"])
        let (loaded, metadata) = try Sequential.load(from: path)
        #expect(metadata == ["env": "CartPole-v1", "quote": "a \"b\"\n"])
        #expect(loaded.architecture == net.architecture)
        #expect(loaded.parameters == net.parameters)
        var a = net, b = loaded
        let x = Matrix([[0.1, -0.2, 0.3, 0.4], [1, 2, 3, 4]])
        #expect(a.forward(x) == b.forward(x))
        // No temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains("tmp") }.isEmpty)
    }

    @Test("a write that cannot happen is one error line naming the file, and leaves no file behind")
    func unwritable() throws {
        let path = directory + "/missing/model.safetensors"
        #expect {
            try sampleNetwork().save(to: path)
        } throws: { error in
            (error as? SafetensorsError) == .unwritable(path: path, reason: "No such file or directory")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        // Written files are ordinary user files (the temporary file's 0600 is not kept).
        let good = directory + "/mode.safetensors"
        try sampleNetwork().save(to: good)
        let mode = try FileManager.default.attributesOfItem(atPath: good)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test("the writer's bytes follow the safetensors layout, checked field by field")
    func writtenLayout() throws {
        let path = directory + "/layout.safetensors"
        let dense = Dense(weight: Matrix([[1.5, -2]]), bias: Matrix([[0.25]]))
        try Sequential(layers: [dense]).save(to: path, metadata: ["note": "a \"q\"\n\u{1}/"])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var length = 0
        for i in 0..<8 { length |= Int(bytes[i]) << (8 * i) }
        #expect(length % 8 == 0)
        #expect(bytes.count == 8 + length + 12)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any])
        #expect(Set(header.keys) == ["__metadata__", "layers.0.weight", "layers.0.bias"])
        let metadata = try #require(header["__metadata__"] as? [String: String])
        #expect(metadata == ["note": "a \"q\"\n\u{1}/", "dojo.architecture": "dense:2:1"])
        let weight = try #require(header["layers.0.weight"] as? [String: Any])
        #expect(weight["dtype"] as? String == "F32")
        #expect(weight["shape"] as? [Int] == [1, 2])
        #expect(weight["data_offsets"] as? [Int] == [0, 8])
        let bias = try #require(header["layers.0.bias"] as? [String: Any])
        #expect(bias["shape"] as? [Int] == [1])
        #expect(bias["data_offsets"] as? [Int] == [8, 12])
        // 1.5 = 0x3FC00000, -2 = 0xC0000000, 0.25 = 0x3E800000, each little-endian.
        #expect(Array(bytes[(8 + length)...]) == [0, 0, 0xC0, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0x80, 0x3E])
    }

    @Test("the hand-built valid file loads")
    func handBuilt() throws {
        let (net, _) = try Sequential.load(from: file(header: goodHeader, data: twelveBytes))
        #expect(net.inputSize == 2 && net.outputSize == 1)
    }

    func rejects(_ path: String, _ check: (SafetensorsError) -> Bool) {
        do {
            _ = try Sequential.load(from: path)
            Issue.record("loaded a malformed file")
        } catch let error as SafetensorsError {
            #expect(check(error), "unexpected error: \(error)")
            #expect(!error.description.isEmpty)
        } catch {
            Issue.record("wrong error type: \(error)")
        }
    }

    @Test("rejects a header length beyond the file")
    func wrongHeaderLength() {
        rejects(file(header: goodHeader, data: twelveBytes, declaredLength: 10_000)) {
            if case .badHeaderLength = $0 { return true } else { return false }
        }
        rejects(file(header: "", data: [])) { if case .badHeaderLength = $0 { return true } else { return false } }
        let tiny = directory + "/tiny"
        FileManager.default.createFile(atPath: tiny, contents: Data([1, 2, 3]))
        rejects(tiny) { if case .tooShort = $0 { return true } else { return false } }
    }

    @Test("rejects bad JSON")
    func badJSON() {
        rejects(file(header: "{\"layers.0.weight\": [", data: twelveBytes)) {
            if case .badJSON = $0 { return true } else { return false }
        }
    }

    @Test("rejects a dtype other than F32")
    func wrongDType() {
        rejects(file(header: goodHeader.replacingOccurrences(of: #""dtype":"F32","shape":[1,2]"#, with: #""dtype":"F16","shape":[1,2]"#), data: twelveBytes)) {
            if case .unsupportedDType(_, "layers.0.weight", "F16") = $0 { return true } else { return false }
        }
    }

    @Test("rejects a shape that disagrees with its offsets, and overlapping or gapped offsets")
    func shapeOffsetMismatch() {
        rejects(file(header: goodHeader.replacingOccurrences(of: "[1,2]", with: "[1,3]"), data: twelveBytes)) {
            if case .shapeMismatch = $0 { return true } else { return false }
        }
        let overlap = goodHeader.replacingOccurrences(of: "[8,12]", with: "[4,8]")
        rejects(file(header: overlap, data: twelveBytes)) { if case .badOffsets = $0 { return true } else { return false } }
        let gap = goodHeader.replacingOccurrences(of: "[8,12]", with: "[12,16]")
        rejects(file(header: gap, data: Array(repeating: 0, count: 16))) { if case .badOffsets = $0 { return true } else { return false } }
    }

    @Test("rejects truncated data")
    func truncated() throws {
        rejects(file(header: goodHeader, data: Array(twelveBytes.prefix(10)))) {
            if case .badOffsets = $0 { return true } else { return false }
        }
        // A real saved file cut short.
        let path = directory + "/cut.safetensors"
        try sampleNetwork().save(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 5).write(to: URL(fileURLWithPath: path))
        rejects(path) { if case .badOffsets = $0 { return true } else { return false } }
    }

    @Test("rejects a missing architecture, a wrong tensor shape and unknown layers")
    func architecture() {
        let noArch = goodHeader.replacingOccurrences(of: #""dojo.architecture":"dense:2:1""#, with: #""x":"y""#)
        rejects(file(header: noArch, data: twelveBytes)) { if case .badArchitecture = $0 { return true } else { return false } }
        let other = goodHeader.replacingOccurrences(of: "dense:2:1", with: "dense:1:2")
        rejects(file(header: other, data: twelveBytes)) {
            if case .wrongTensorShape = $0 { return true }
            if case .missingTensor = $0 { return true }
            return false
        }
        // 2^20 x 2^20 weights would be 4 TiB: refused from the stored shapes, not allocated.
        let huge = goodHeader.replacingOccurrences(of: "dense:2:1", with: "dense:1048576:1048576")
        rejects(file(header: huge, data: twelveBytes)) {
            if case .wrongTensorShape(_, "layers.0.weight", [1_048_576, 1_048_576], [1, 2]) = $0 { return true } else { return false }
        }
        let unknown = goodHeader.replacingOccurrences(of: "dense:2:1", with: "dense:2:1,conv")
        rejects(file(header: unknown, data: twelveBytes)) { if case .badArchitecture = $0 { return true } else { return false } }
    }
}
