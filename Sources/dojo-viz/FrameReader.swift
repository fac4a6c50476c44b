import DojoScene
import Foundation

/// Reads scene frames from standard input on a background thread, so the window keeps handling
/// events while input is slow, and hands them to the drawing thread through a small bounded queue.
///
/// The queue holding at most `capacity` scenes is what paces the sender: when the window draws at
/// its fps (or is paused), the reader blocks, the pipe fills, and the sender's writes block.
final class FrameReader: @unchecked Sendable {
    enum Item {
        case scene(Scene)
        /// Nothing yet; input is still open.
        case waiting
        /// Input ended cleanly and every scene has been taken.
        case ended
        case failed(SceneWireError)
    }

    private let condition = NSCondition()
    private var queue: [Scene] = []
    private var inputEnded = false
    private var failure: SceneWireError?
    private let capacity: Int

    init(capacity: Int = 2) { self.capacity = capacity }

    /// Starts the reading thread on file descriptor `fd`.
    func start(fd: Int32 = 0) {
        let thread = Thread { [self] in readLoop(fd: fd) }
        thread.name = "dojo-viz stdin"
        thread.start()
    }

    /// The next scene, or what the input's state is if none is queued. Never blocks.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        if let failure { return .failed(failure) }
        if !queue.isEmpty {
            condition.broadcast()
            return .scene(queue.removeFirst())
        }
        return inputEnded ? .ended : .waiting
    }

    private func readLoop(fd: Int32) {
        var decoder = SceneDecoder()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        do {
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }  // end of input (a read error ends it too)
                decoder.append(chunk[0..<count])
                while let scene = try decoder.next() { push(scene) }
            }
            try decoder.finish()
            finish(nil)
        } catch let error as SceneWireError {
            finish(error)
        } catch {
            preconditionFailure("SceneDecoder threw a non-wire error: \(error)")
        }
    }

    private func push(_ scene: Scene) {
        condition.lock()
        while queue.count >= capacity { condition.wait() }
        queue.append(scene)
        condition.unlock()
    }

    private func finish(_ error: SceneWireError?) {
        condition.lock()
        inputEnded = true
        failure = error
        condition.unlock()
    }
}

extension FrameReader {
    /// Input is over (cleanly or not); queued scenes may remain.
    var hasEnded: Bool {
        condition.lock()
        defer { condition.unlock() }
        return inputEnded
    }
}
