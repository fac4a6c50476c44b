#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of monotonic time in seconds (any fixed origin). `ProgressReporter` takes one so
/// tests can drive time by hand instead of sleeping.
public protocol ProgressClock {
    func seconds() -> Double
}

/// `CLOCK_MONOTONIC`: never jumps with wall-clock changes.
public struct MonotonicClock: ProgressClock, Sendable {
    public init() {}

    public func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// A clock that only moves when told to (tests).
public final class ManualClock: ProgressClock {
    public var now: Double

    public init(_ start: Double = 0) { now = start }

    public func advance(by seconds: Double) { now += seconds }

    public func seconds() -> Double { now }
}
