import DojoNN
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Gives users OpenBLAS's fast compute kernel without them knowing there is a choice (issue 2).
///
/// Debian's OpenBLAS 0.3.21 (DYNAMIC_ARCH) picks its kernel when the library loads, before `main`,
/// and on some Xeon CPUs it falls back to the generic `Prescott` kernel (about 17 GFLOP/s for a
/// 1-thread sgemm instead of about 140 with `SkylakeX`/`Cooperlake`). The only way to change it is
/// the `OPENBLAS_CORETYPE` environment variable, read at load time; so when the loaded kernel is
/// slower than what /proc/cpuinfo says the CPU supports, we set it and re-execute ourselves once.
///
/// Never overrides a user's `OPENBLAS_CORETYPE`, never loops (the re-executed process sees the
/// variable set, plus a marker), and continues with the loaded kernel if `execv` fails.
enum KernelSelection {
    /// Set in the re-executed process so a library that ignores the request cannot cause a loop.
    static let marker = "DOJO_OPENBLAS_REEXEC"

    static func reexecWithFastKernelIfNeeded() {
        #if os(Linux)
        // RL matrices are small: extra threads cost more in synchronisation than they give.
        if getenv("OPENBLAS_NUM_THREADS") == nil { BLAS.setThreadCount(1) }
        guard getenv("OPENBLAS_CORETYPE") == nil, getenv(marker) == nil else { return }
        guard let wanted = fastestCore(cpuFlags: cpuFlags()),
              rank(of: wanted) > rank(of: BLAS.coreName) else { return }
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        setenv(marker, "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached if execv failed: carry on with the kernel we have.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(marker)
        #endif
    }

    /// The best OpenBLAS kernel name for a CPU with these /proc/cpuinfo flags, or nil if the
    /// generic kernels are all it supports.
    static func fastestCore(cpuFlags flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl"]) {
            return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
        }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Orders kernel names by the instruction set they use; unknown names rank highest, so an
    /// unfamiliar (probably newer) kernel is never replaced.
    static func rank(of core: String) -> Int {
        switch core.lowercased() {
        case "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine",
             "northwood", "banias", "opteron", "opteron_sse3", "barcelona", "bobcat", "athlon", "unknown":
            return 0
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator":
            return 1
        case "haswell", "zen":
            return 2
        case "skylakex":
            return 3
        case "cooperlake":
            return 4
        default:
            return 5
        }
    }

    /// The flags of the first processor in /proc/cpuinfo (empty if unreadable).
    static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }
}
