import Foundation
import Testing
@testable import DojoCLI

/// Runs the built `dojo` binary: the kernel it ends up with must be as fast as the CPU allows
/// and must compute sgemm correctly.
@Suite("OpenBLAS kernel selection")
struct KernelTests {
    static func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        guard let binary = builtExecutable("dojo") else { throw CommandError("dojo binary not found") }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The environment without any OpenBLAS or Dojo marker variables.
    static var cleanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OPENBLAS_") && $0.key != KernelSelection.marker }
    }

    static func kernel(in output: String) -> String? {
        guard let range = output.range(of: #""kernel":"([^"]*)""#, options: .regularExpression) else { return nil }
        return String(output[range].dropFirst(10).dropLast())
    }

    @Test("the default kernel is the fastest the CPU supports and sgemm matches the reference")
    func defaultKernel() throws {
        let (status, output) = try Self.run(["bench", "nn", "--verify"], environment: Self.cleanEnvironment)
        #expect(status == 0, "\(output)")
        #expect(output.contains("\"ok\":true"))
        let kernel = try #require(Self.kernel(in: output))
        let flags = KernelSelection.cpuFlags()
        if flags.contains("avx2") { #expect(kernel != "Prescott") }
        if let best = KernelSelection.fastestCore(cpuFlags: flags) {
            #expect(KernelSelection.rank(of: kernel) >= KernelSelection.rank(of: best), "got \(kernel), CPU supports \(best)")
        }
        #expect(output.contains("\"threads\":1"))
    }

    @Test("a kernel chosen by the user is kept, and computes correctly")
    func userChoice() throws {
        var environment = Self.cleanEnvironment
        environment["OPENBLAS_CORETYPE"] = "Prescott"
        environment["OPENBLAS_NUM_THREADS"] = "2"
        let (status, output) = try Self.run(["bench", "nn", "--verify"], environment: environment)
        #expect(status == 0, "\(output)")
        #expect(Self.kernel(in: output) == "Prescott")
        #expect(output.contains("\"threads\":2"))
    }

    @Test("kernel choice from CPU flags")
    func choice() {
        #expect(KernelSelection.fastestCore(cpuFlags: ["avx512f", "avx512bw", "avx512vl", "avx512_bf16", "avx2", "fma"]) == "Cooperlake")
        #expect(KernelSelection.fastestCore(cpuFlags: ["avx512f", "avx512bw", "avx512vl", "avx2", "fma"]) == "SkylakeX")
        #expect(KernelSelection.fastestCore(cpuFlags: ["avx2", "fma"]) == "Haswell")
        #expect(KernelSelection.fastestCore(cpuFlags: ["sse2"]) == nil)
        #expect(KernelSelection.rank(of: "Prescott") < KernelSelection.rank(of: "SkylakeX"))
        #expect(KernelSelection.rank(of: "Cooperlake") > KernelSelection.rank(of: "SkylakeX"))
    }
}
