#if canImport(Glibc)
import Glibc
#endif

/// Seconds from an arbitrary fixed point, never going backwards (CLOCK_MONOTONIC).
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
