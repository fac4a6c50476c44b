/// Chooses OpenBLAS's fast compute kernel for this CPU (issue 2). Placeholder until the DojoNN
/// work lands: does nothing yet.
enum KernelSelection {
    static func reexecWithFastKernelIfNeeded() {}
}
