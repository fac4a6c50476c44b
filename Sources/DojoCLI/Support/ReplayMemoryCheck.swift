import DojoAgents
import DojoRL

#if canImport(Glibc)
import Glibc
#endif

/// Refuses a replay buffer larger than the machine's memory before anything is allocated or
/// written, so `--set buffer_size=1e11` is one clear error line, not an allocation failure
/// that kills the process with a backtrace.
///
/// Bytes per transition, from `ReplayBuffer`'s struct-of-arrays storage: observation and next
/// observation (`features` Float32 each), action (Int32), reward and discount (Float32), plus
/// 16 bytes of sum-tree per slot with prioritized replay.
enum ReplayMemoryCheck {
    static func bytes(bufferSize: Int, features: Int, prioritized: Bool) -> Double {
        Double(bufferSize) * (Double(2 * features + 3) * 4 + (prioritized ? 16 : 0))
    }

    /// Physical memory in bytes, nil if the system does not say.
    static var physicalMemory: Double? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? Double(pages) * Double(size) : nil
    }

    static func check<E: Environment>(_ config: DQNConfig, env: E) throws {
        guard let features = env.observationSpace.featureCount, let memory = physicalMemory else { return }
        let needed = bytes(bufferSize: config.bufferSize, features: features, prioritized: config.prioritizedReplay)
        guard needed > memory else { return }
        let gib = { (x: Double) in NumberFormat.significant(x / 1_073_741_824, digits: 3) }
        throw CommandError("buffer_size \(config.bufferSize) needs about \(gib(needed)) GiB for the replay buffer "
                           + "(\(features) features per observation), more than this machine's \(gib(memory)) GiB")
    }
}
