#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during training: the first SIGINT asks the trainer to stop at the next episode end
/// (it then saves a checkpoint and exits); a second one exits at once, leaving the previous
/// checkpoint (written atomically) as the latest good state.
enum Interrupt {
    nonisolated(unsafe) private static var count: sig_atomic_t = 0

    static var requested: Bool { count > 0 }

    static func install() {
        // A parent may start us with SIGINT blocked (Foundation's `Process` on Linux passes its
        // thread's mask, which blocks most signals, to the child); a blocked SIGINT would stay
        // pending for ever and Ctrl-C, or a supervisor's interrupt, would do nothing.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        signal(SIGINT) { _ in
            Interrupt.count += 1
            if Interrupt.count > 1 { _exit(130) }
        }
    }

    static func uninstall() {
        signal(SIGINT, SIG_DFL)
    }
}
