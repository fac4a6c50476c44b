/// Buffers owned by one object (a part of a `PairedMLP`, an inference copy), allocated (and so
/// first written) by the thread that uses them, at fixed addresses for the life of the part. Each starts on a cache line, so
/// the kernel's 64-byte loads along a row never straddle two lines when rows are multiples of 16.
final class OwnedBuffers {
    private var owned: [UnsafeMutableRawPointer] = []

    func allocate(_ count: Int) -> UnsafeMutablePointer<Float> { allocate(count, of: 0) }

    func allocate<T>(_ count: Int, of value: T) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
        owned.append(raw)
        return raw.initializeMemory(as: T.self, repeating: value, count: max(count, 1))
    }

    deinit { for p in owned { p.deallocate() } }
}
