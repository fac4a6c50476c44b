import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A second thread that runs one piece of work alongside the caller, handed over through an
/// atomic flag rather than a system call.
///
/// Why: a training step of a small network is a few hundred microseconds, and waking a parked
/// thread (DispatchQueue.concurrentPerform, a semaphore) costs tens of them — measured: splitting
/// Adam through concurrentPerform made a 4-256-256-2 step slower. The worker spins for about a
/// millisecond after each job, so the next step's hand-off finds it awake; then it parks on a
/// semaphore so an idle worker costs nothing.
///
/// `run(_:alongside:)` is not reentrant: a call while another is in flight (another thread
/// sharing this worker) runs both closures on the caller instead. Results never depend on which
/// thread ran what.
public final class PairedWorker: @unchecked Sendable {
    /// Below about this many parameters a network's step is too short for a second thread to pay
    /// for its hand-off (and the worker's spinning): use none.
    public static let worthwhileParameterCount = 16_384

    private let channel: Channel?

    /// A worker with a thread of its own; with `runsOnCaller`, one without: `run` then runs both
    /// pieces on the caller, one after the other. Code that splits its work for a worker does
    /// the same arithmetic either way, so the second form is a one-thread reference for tests.
    public init(runsOnCaller: Bool = false) {
        guard !runsOnCaller else { channel = nil; return }
        let channel = Channel()
        self.channel = channel
        let thread = Thread { channel.serve() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { channel?.shutDown() }

    /// Runs `local` on the calling thread and `remote` on the worker, returning when both are done.
    public func run(_ local: () -> Void, alongside remote: () -> Void) {
        guard let channel, channel.claim() else { local(); remote(); return }
        withoutActuallyEscaping(remote) { remote in
            channel.post(remote)
            local()
            channel.waitForCompletion()
        }
    }
}

/// The state shared by the caller and the worker thread (separate from `PairedWorker` so the
/// thread does not keep its owner alive).
private final class Channel: @unchecked Sendable {
    private enum State: Int { case idle = 0, posted, done, shutDown }
    private let state = Atomic<Int>(State.idle.rawValue)
    private let busy = Atomic<Bool>(false)
    private let parked = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private var job: (() -> Void)?

    func claim() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    // Parking is a store-then-load handshake on two variables (the worker: parked, then state;
    // the caller: state, then parked). Release/acquire would let each side's load pass its own
    // store (x86 does this through its store buffer): the worker would miss the post and the
    // caller the parked flag, and both would wait forever. Hence sequentially consistent
    // ordering on those four operations (seen: a test hung that way).

    func post(_ work: @escaping () -> Void) {
        job = work
        state.store(State.posted.rawValue, ordering: .sequentiallyConsistent)
        if parked.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
    }

    func waitForCompletion() {
        while state.load(ordering: .acquiring) != State.done.rawValue {}
        job = nil
        state.store(State.idle.rawValue, ordering: .relaxed)
        busy.store(false, ordering: .releasing)
    }

    func shutDown() {
        state.store(State.shutDown.rawValue, ordering: .sequentiallyConsistent)
        if parked.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
    }

    /// The worker thread's loop.
    func serve() {
        while true {
            var current = state.load(ordering: .acquiring)
            var spins = 0
            var spinStart = 0.0
            while current == State.idle.rawValue || current == State.done.rawValue {
                spins += 1
                if spins & 255 == 0 {
                    let now = monotonicSeconds()
                    if spinStart == 0 { spinStart = now }
                    if now - spinStart > Self.spinSeconds {
                        // Idle for a while: park until the next post.
                        parked.store(true, ordering: .sequentiallyConsistent)
                        current = state.load(ordering: .sequentiallyConsistent)
                        if current == State.idle.rawValue || current == State.done.rawValue { wake.wait() }
                        parked.store(false, ordering: .releasing)
                        spinStart = 0
                    }
                }
                current = state.load(ordering: .acquiring)
            }
            if current == State.shutDown.rawValue { return }
            job?()
            state.store(State.done.rawValue, ordering: .releasing)
        }
    }

    /// How long the worker stays awake after a job: longer than the gap between the hand-offs of
    /// one training step (a few hundred microseconds), short enough that an idle worker parks.
    static let spinSeconds = 0.0005
}

private func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
