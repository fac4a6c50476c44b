@testable import DojoAgents
import DojoRL
import Testing

@Suite("DQNTrainer episode watcher")
struct EpisodeWatcherTests {
    func config() -> DQNConfig {
        var c = DQNConfig()
        c.totalSteps = 600
        c.batchSize = 16
        c.bufferSize = 1000
        c.learningStarts = 100
        c.targetUpdateInterval = 50
        c.hiddenLayers = [8]
        c.explorationFraction = 0.5
        return c
    }

    @Test("a watcher sees steps 0...length of the chosen episodes only, and training is unchanged by it")
    func watchedEpisodes() throws {
        var plain = try DQNTrainer(config: config(), env: ChainEnvironment())
        var plainRecords: [EpisodeRecord] = []
        _ = try plain.run(onEpisode: { plainRecords.append($0) })

        var watched = try DQNTrainer(config: config(), env: ChainEnvironment())
        var asked: [Int] = []
        var seen: [(episode: Int, step: Int, total: Double, position: Int)] = []
        watched.watcher = EpisodeWatcher(chooses: { asked.append($0); return $0 % 3 == 1 },
                                         observe: { env, _, episode, step, total in
                                             seen.append((episode, step, total, env.position))
                                         })
        var records: [EpisodeRecord] = []
        _ = try watched.run(onEpisode: { records.append($0) })

        #expect(records == plainRecords)
        #expect(watched.agent.online.parameters == plain.agent.online.parameters)
        // Asked once per started episode, in order.
        #expect(asked == Array(1...asked.count) && asked.count >= records.count)
        for record in records where record.episode % 3 == 1 {
            let frames = seen.filter { $0.episode == record.episode }
            #expect(frames.map(\.step) == Array(0...record.length), "episode \(record.episode)")
            #expect(frames.first?.position == 1 && frames.first?.total == 0)  // after the reset
            #expect(abs((frames.last?.total ?? .nan) - record.episodeReturn) < 1e-12)
            #expect(frames.last?.position == 5)  // the chain's right end ends every episode
        }
        #expect(!seen.contains { $0.episode % 3 != 1 })
    }
}
