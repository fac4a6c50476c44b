@testable import DojoAgents
import DojoNN
import DojoRL
import DojoRandom
import Dispatch
import Testing
import TestSupport

@Suite("DQN")
struct DQNTests {
    func smallConfig() -> DQNConfig {
        var c = DQNConfig()
        c.totalSteps = 3000
        c.learningRate = 5e-3
        c.batchSize = 32
        c.bufferSize = 5000
        c.learningStarts = 200
        c.gamma = 0.95
        c.targetUpdateInterval = 50
        c.trainFrequency = 1
        c.gradientSteps = 1
        c.explorationFraction = 0.3
        c.explorationFinalEpsilon = 0.05
        c.hiddenLayers = [16]
        c.checkpointInterval = 1000
        c.evalEpisodes = 1
        return c
    }

    /// A DQN whose buffer holds four hand-made transitions on 2 features and 2 actions.
    func agentWithTransitions(_ config: DQNConfig) -> DQN {
        var config = config
        config.batchSize = 4
        var agent = DQN(config: config, observationSize: 2, actionCount: 2)
        let rows: [([Float], Int, Float, [Float], Float)] = [
            ([1, 0], 0, 1.0, [0, 1], 0),      // terminated: no bootstrap
            ([0, 1], 1, 0.5, [1, 1], 0.95),   // continuing (or truncated): γ bootstrap
            ([1, 1], 0, -1, [0.5, 2], 0.95),
            ([2, 0], 1, 0, [1, 0], 0.9025),   // a 2-step transition: γ²
        ]
        for (s, a, r, s2, d) in rows {
            s.withUnsafeBufferPointer { o in
                s2.withUnsafeBufferPointer { n in agent.store(observation: o, action: a, reward: r, nextObservation: n, discount: d) }
            }
        }
        agent.batch.indices = [0, 1, 2, 3]
        agent.buffer.gather(into: &agent.batch)
        // Make the online and target networks differ so Double DQN is distinguishable.
        var rng = SeededGenerator(seed: 99)
        agent.target = QNetwork.make(config: config, observationSize: 2, actionCount: 2, using: &rng)
        return agent
    }

    func qRow(_ net: inout Sequential, _ s: [Float]) -> [Float] {
        net.forward(Matrix(rows: 1, cols: s.count, s)).row(0)
    }

    @Test("TD targets: terminated stops the bootstrap, others use d · max Q_target(s')")
    func dqnTargets() {
        var config = smallConfig()
        config.hiddenLayers = [8]
        var agent = agentWithTransitions(config)
        agent.forwardBoth()
        agent.computeTargets()
        var target = agent.target
        let nexts: [[Float]] = [[0, 1], [1, 1], [0.5, 2], [1, 0]]
        let rewards: [Float] = [1, 0.5, -1, 0]
        let discounts: [Float] = [0, 0.95, 0.95, 0.9025]
        for i in 0..<4 {
            let expected = rewards[i] + discounts[i] * qRow(&target, nexts[i]).max()!
            #expect(abs(agent.tdTargets[i] - expected) < 1e-5, "row \(i)")
        }
        #expect(agent.tdTargets[0] == 1)
    }

    @Test("Double DQN: the online net picks a', the target net values it")
    func doubleTargets() {
        var config = smallConfig()
        config.doubleQ = true
        var agent = agentWithTransitions(config)
        agent.forwardBoth()
        agent.computeTargets()
        var online = agent.online, target = agent.target
        let nexts: [[Float]] = [[0, 1], [1, 1], [0.5, 2], [1, 0]]
        let rewards: [Float] = [1, 0.5, -1, 0]
        let discounts: [Float] = [0, 0.95, 0.95, 0.9025]
        var differsFromPlainMax = false
        for i in 0..<4 {
            let qOnline = qRow(&online, nexts[i])
            let qTarget = qRow(&target, nexts[i])
            let pick = qOnline[0] >= qOnline[1] ? 0 : 1
            let expected = rewards[i] + discounts[i] * qTarget[pick]
            #expect(abs(agent.tdTargets[i] - expected) < 1e-5, "row \(i)")
            if discounts[i] > 0 && qTarget[pick] != qTarget.max()! { differsFromPlainMax = true }
        }
        // The seeds above make at least one row pick a non-maximal target value; otherwise the
        // test could not tell Double DQN from DQN.
        #expect(differsFromPlainMax)
    }

    @Test("a gradient step moves Q(s, a) toward its target and leaves the target net alone")
    func gradientStepReducesError() {
        var config = smallConfig()
        config.learningRate = 1e-2
        var agent = agentWithTransitions(config)
        let targetBefore = agent.target.parameters
        agent.forwardBoth()
        agent.computeTargets()
        let lossBefore = agent.fitOnlineToTargets()
        var lossAfter = lossBefore
        for _ in 0..<50 { agent.forwardBoth(); agent.computeTargets(); lossAfter = agent.fitOnlineToTargets() }
        #expect(lossAfter < lossBefore * 0.5)
        #expect(agent.target.parameters == targetBefore)
    }

    /// Acting reads a copy of the online weights (`SingleInference`), which must follow them; a tanh
    /// network, which that copy does not take, acts through Sequential.
    @Test("greedy actions follow the online network as it learns and when a checkpoint is restored",
          arguments: [DQNConfig.HiddenActivation.relu, .tanh])
    func actingFollowsOnline(activation: DQNConfig.HiddenActivation) throws {
        /// The greedy actions for 64 random observations, and whether each is Sequential.forward's
        /// argmax where Q's two values are not near a tie.
        func actions(_ agent: inout DQN) -> (actions: [Int], agree: Bool) {
            var online = agent.online, agree = true
            var draws = SeededGenerator(seed: 12)
            let observations = (0..<64).map { _ in (0..<agent.observationSize).map { _ in draws.nextUnitFloat() * 4 - 2 } }
            let chosen = observations.map { x in
                let q = online.forward(Matrix([x]))
                let action = x.withUnsafeBufferPointer { agent.greedyAction($0) }
                if abs(q[0, 0] - q[0, 1]) > 1e-4 && action != (q[0, 0] >= q[0, 1] ? 0 : 1) { agree = false }
                return action
            }
            return (chosen, agree)
        }
        var config = smallConfig()
        config.learningRate = 2e-2
        config.activation = activation
        var agent = agentWithTransitions(config)
        let before = actions(&agent)
        #expect((agent.acting != nil) == (activation == .relu && SingleInference(agent.online) != nil))
        for _ in 0..<100 { _ = agent.gradientStep() }
        let after = actions(&agent)
        #expect(before.agree && after.agree)
        #expect(before.actions != after.actions, "learning changed no greedy action: the test shows nothing")

        // A trainer that has acted, then restores another's checkpoint, acts as that one.
        config.totalSteps = 600
        let env = TimeLimit(ChainEnvironment(), maxEpisodeSteps: 30)
        var trained = try DQNTrainer(config: config, env: env)
        _ = try trained.run()
        var fresh = try DQNTrainer(config: config, env: env)
        let untrained = actions(&fresh.agent)
        try fresh.restore(trained.checkpoint())
        let restored = actions(&fresh.agent)
        #expect(restored.agree && restored.actions == actions(&trained.agent).actions)
        #expect(untrained.actions != restored.actions, "the restored network acts as the fresh one: the test shows nothing")
    }

    /// `learn` draws each next minibatch while the optimizer runs (prioritized replay), or all
    /// of a phase's minibatches first (uniform replay, `PhaseMinibatches`); either way it must be
    /// the one-step-at-a-time sequence: the same draws and the same updates. Prioritized replay
    /// gives the same bits. Uniform replay computes the phase's targets in one pass over 5 x 4
    /// rows instead of 5 passes over 4, which sgemm may round differently.
    @Test("learn(steps: n) is n gradient steps", arguments: [false, true])
    func learnIsRepeatedSteps(prioritized: Bool) {
        var config = smallConfig()
        config.prioritizedReplay = prioritized
        config.hiddenLayers = [128, 128]   // large enough for the worker thread
        config.splitHiddenUnits = true
        var phase = agentWithTransitions(config), oneByOne = agentWithTransitions(config)
        #expect(phase.worker != nil && phase.pairedNetworks() != nil)
        let mean = phase.learn(steps: 5, beta: 0.6)
        var total: Float = 0
        for _ in 0..<5 { total += oneByOne.gradientStep(beta: 0.6) }
        #expect(phase.gradientStepCount == 5 && oneByOne.gradientStepCount == 5)
        #expect(phase.rng.next() == oneByOne.rng.next())
        if prioritized {
            #expect(mean == total / 5)
            #expect(phase.online.parameters == oneByOne.online.parameters)
        } else {
            #expect(isApproximatelyEqual(mean, total / 5))
            for (a, b) in zip(phase.online.parameters, oneByOne.online.parameters) {
                #expect(isApproximatelyEqual(a, b, absolute: 1e-5))
            }
            #expect(phase.online.parameters != phase.target.parameters, "it trained")
        }
    }

    /// A DQN is a value: copies that learn at the same time on different threads must not share
    /// the buffers a phase works in (the split networks, the target copies), and each must end
    /// as if it had learned alone.
    /// The split networks' Double DQN (a* from a second online pass in the same hand-off) against
    /// Sequential's on one thread: the same draws, the same updates up to float rounding.
    @Test("Double DQN on the split networks learns as on Sequential", arguments: [false, true])
    func doubleOnSplitNetworks(prioritized: Bool) {
        var config = smallConfig()
        config.doubleQ = true
        config.prioritizedReplay = prioritized
        config.hiddenLayers = [128, 128]
        config.splitHiddenUnits = true
        var split = agentWithTransitions(config)
        config.splitHiddenUnits = false
        var reference = agentWithTransitions(config)
        reference.worker = nil
        #expect(split.pairedNetworks() != nil)
        let splitLoss = split.learn(steps: 5, beta: 0.6), referenceLoss = reference.learn(steps: 5, beta: 0.6)
        #expect(split.paired != nil && reference.paired == nil)
        #expect(isApproximatelyEqual(splitLoss, referenceLoss))
        for (a, b) in zip(split.online.parameters, reference.online.parameters) {
            #expect(isApproximatelyEqual(a, b, absolute: 1e-5))
        }
        #expect(split.rng.next() == reference.rng.next())
    }

    @Test("copies learning at the same time on two threads each match an agent learning alone",
          arguments: [false, true])
    func copiesLearnIndependently(prioritized: Bool) {
        var config = smallConfig()
        config.prioritizedReplay = prioritized
        config.hiddenLayers = [128, 128]
        config.splitHiddenUnits = true
        var original = agentWithTransitions(config)
        _ = original.learn(steps: 2, beta: 0.6)   // makes the split networks and target copies
        var alone = original
        _ = alone.learn(steps: 6, beta: 0.6)
        let copies = UnsafeMutableBufferPointer<DQN>.allocate(capacity: 2)
        defer { copies.deallocate() }
        _ = copies.initialize(from: [original, original])
        let box = UnsafeSendableCopies(copies)
        DispatchQueue.concurrentPerform(iterations: 2) { i in _ = box.value[i].learn(steps: 6, beta: 0.6) }
        for i in 0..<2 {
            #expect(copies[i].online.parameters == alone.online.parameters, "copy \(i)")
        }
        _ = copies.baseAddress!.deinitialize(count: 2)
    }

    @Test("hard target update copies; soft update moves a tau fraction")
    func targetUpdates() {
        var config = smallConfig()
        var agent = agentWithTransitions(config)
        let online = agent.online.parameters, before = agent.target.parameters
        config.tau = 0.25
        config.batchSize = 4
        var soft = DQN(config: config, observationSize: 2, actionCount: 2)
        soft.online = agent.online
        soft.target = agent.target
        soft.updateTarget()
        for (k, m) in soft.target.parameters.enumerated() {
            for j in 0..<m.count {
                let expected = 0.25 * online[k].storage[j] + 0.75 * before[k].storage[j]
                #expect(abs(m.storage[j] - expected) < 1e-6)
            }
        }
        agent.updateTarget()
        #expect(agent.target.parameters == online)
    }

    @Test("truncated episodes bootstrap from the next state; terminated ones do not")
    func truncationBootstrap() throws {
        // A 1-step environment cut by a time limit of 1: every step truncates, never terminates.
        var config = smallConfig()
        config.totalSteps = 20
        config.learningStarts = 100
        var trainer = try DQNTrainer(config: config, env: TimeLimit(ChainEnvironment(), maxEpisodeSteps: 1))
        _ = try trainer.run()
        #expect(trainer.agent.buffer.count == 20)
        #expect(trainer.agent.buffer.discounts.prefix(20).allSatisfy { abs($0 - Float(config.gamma)) < 1e-7 })
        // Starting next to the goal, moving right terminates: the discount stored is 0.
        var env = ChainEnvironment()
        env.start = env.length - 2
        var t2 = try DQNTrainer(config: config, env: env)
        _ = try t2.run()
        let terminalRows = (0..<20).filter { t2.agent.buffer.rewards[$0] == 1 }
        #expect(!terminalRows.isEmpty)
        #expect(terminalRows.allSatisfy { t2.agent.buffer.discounts[$0] == 0 })
    }

    @Test("DQN learns the chain: the greedy policy walks straight to the goal")
    func learnsChain() throws {
        let env = ChainEnvironment()
        var trainer = try DQNTrainer(config: smallConfig(), env: TimeLimit(env, maxEpisodeSteps: 50))
        #expect(try trainer.run() == .finished)
        let outcomes = try evaluateGreedy(network: trainer.agent.online, env: TimeLimit(env, maxEpisodeSteps: 50),
                                          episodes: 3, seed: 0)
        for o in outcomes { #expect(abs(o.episodeReturn - env.optimalReturn) < 1e-9) }
    }

    @Test("each option still learns the chain", arguments: ["double", "dueling", "nstep", "prioritized", "mse", "soft"])
    func optionsLearn(option: String) throws {
        var config = smallConfig()
        switch option {
        case "double": config.doubleQ = true
        case "dueling": config.dueling = true
        case "nstep": config.nSteps = 3
        case "prioritized": config.prioritizedReplay = true
        case "mse": config.loss = .mse
        default: config.tau = 0.05; config.targetUpdateInterval = 1
        }
        let env = ChainEnvironment()
        var trainer = try DQNTrainer(config: config, env: TimeLimit(env, maxEpisodeSteps: 50))
        _ = try trainer.run()
        let outcomes = try evaluateGreedy(network: trainer.agent.online, env: TimeLimit(env, maxEpisodeSteps: 50),
                                          episodes: 1, seed: 0)
        #expect(abs(outcomes[0].episodeReturn - env.optimalReturn) < 1e-9, "\(option)")
    }

    @Test("same seed, same run; a resumed run equals an uninterrupted one (also on two threads)",
          arguments: [[16], [128, 128]])
    func determinismAndResume(hidden: [Int]) throws {
        var config = smallConfig()
        config.hiddenLayers = hidden
        config.totalSteps = 1500
        config.prioritizedReplay = true
        config.nSteps = 2
        config.evalInterval = 300
        config.evalIntervalEpisodes = 2
        config.keepBest = true
        let env = TimeLimit(ChainEnvironment(), maxEpisodeSteps: 30)
        var records1: [EpisodeRecord] = [], records2: [EpisodeRecord] = []
        var a = try DQNTrainer(config: config, env: env)
        _ = try a.run(onEpisode: { records1.append($0) })
        var b = try DQNTrainer(config: config, env: env)
        _ = try b.run(onEpisode: { records2.append($0) })
        #expect(records1 == records2)
        #expect(a.agent.online.parameters == b.agent.online.parameters)
        // [128, 128] trains on the split networks (split_hidden_units is on by default).
        #expect((a.agent.paired != nil) == (hidden.count == 2))

        // Stop at the first episode end after step 700, checkpoint, restore into a fresh trainer.
        var first = try DQNTrainer(config: config, env: env)
        var resumedRecords: [EpisodeRecord] = []
        #expect(try first.run(untilEpisodeEndAfter: 700, onEpisode: { resumedRecords.append($0) }) == .reachedStep)
        let checkpoint = first.checkpoint()
        var second = try DQNTrainer(config: config, env: env)
        try second.restore(checkpoint)
        _ = try second.run(onEpisode: { resumedRecords.append($0) })
        #expect(resumedRecords == records1)
        #expect(second.agent.online.parameters == a.agent.online.parameters)
        #expect(second.agent.target.parameters == a.agent.target.parameters)
        #expect(second.best?.network.parameters == a.best?.network.parameters)
        #expect(second.best?.step == a.best?.step)
    }

    @Test("periodic evaluation keeps the network with the best mean, which re-evaluates to that mean")
    func keepBest() throws {
        var config = smallConfig()
        config.totalSteps = 2000
        config.evalInterval = 250
        config.evalIntervalEpisodes = 3
        config.keepBest = true
        let env = TimeLimit(ChainEnvironment(stepCost: 0.05), maxEpisodeSteps: 20)
        var trainer = try DQNTrainer(config: config, env: env)
        var evaluations: [PeriodicEvaluation] = []
        _ = try trainer.run(onEvaluation: { evaluations.append($0) })
        #expect(evaluations.count >= 7)
        #expect(zip(evaluations, evaluations.dropFirst()).allSatisfy { $0.step < $1.step })
        let bestMean = evaluations.map(\.meanReturn).max()!
        #expect(trainer.best?.meanReturn == bestMean)
        let again = try evaluateGreedy(network: trainer.keptNetwork, env: env, episodes: 3, seed: config.seed &+ 1_000_003)
        #expect(abs(again.map(\.episodeReturn).reduce(0, +) / 3 - bestMean) < 1e-9)
        // Without keep_best the kept network is the last one.
        config.keepBest = false
        var plain = try DQNTrainer(config: config, env: env)
        _ = try plain.run()
        #expect(plain.keptNetwork.parameters == plain.agent.online.parameters)
    }

    @Test("an environment without a discrete action space is refused, naming the space")
    func unsupportedSpace() {
        struct Continuous: Environment {
            var observationSpace: Discrete { Discrete(2) }
            var actionSpace: Box<[Float]> { Box(low: [-1], high: [1]) }
            mutating func reset(seed: UInt64?) -> Int { 0 }
            mutating func step(_ action: [Float]) -> Step<Int> { Step(observation: 0, reward: 0, terminated: true, truncated: false) }
        }
        do {
            _ = try DQNTrainer(config: smallConfig(), env: Continuous())
            Issue.record("accepted a continuous action space")
        } catch {
            #expect("\(error)".contains("discrete action space"))
            #expect("\(error)".contains("Box"))
        }
    }

    @Test("a diverging loss stops training with the step named")
    func divergence() throws {
        var config = smallConfig()
        config.learningRate = 1e30
        config.maxGradNorm = 1e30
        config.learningStarts = 50
        var trainer = try DQNTrainer(config: config, env: TimeLimit(ChainEnvironment(), maxEpisodeSteps: 50))
        do {
            _ = try trainer.run()
            Issue.record("did not stop")
        } catch let error as TrainingError {
            guard case .nonFinite(_, let step) = error else { Issue.record("\(error)"); return }
            #expect(step > 50)
            #expect("\(error)".contains("step \(step)"))
        }
    }
}

@Suite("Greedy evaluation")
struct GreedyEvaluationTests {
    @Test("an environment that never ends is cut at maxEpisodeSteps")
    func endlessEpisodeIsCut() throws {
        // Without a time limit, a policy that walks left forever never reaches the goal.
        var rng = SeededGenerator(seed: 1)
        var network = Sequential.mlp(sizes: [6, 4, 2], activation: .relu, using: &rng)
        // Zero weights and a bias favouring action 0 (left): Q = [1, 0] everywhere.
        let last = network.parameterTensorCount - 1
        for k in 0...last {
            network.withParameter(at: k) { value, _ in
                value.fill(0)
                if k == last { value.storage[0] = 1 }
            }
        }
        let outcomes = try evaluateGreedy(network: network, env: ChainEnvironment(), episodes: 2, seed: 0,
                                          maxEpisodeSteps: 250)
        #expect(outcomes.map(\.length) == [250, 250])
        #expect(abs(outcomes[0].episodeReturn + 250 * 0.01) < 1e-9)
    }
}

@Suite("DQN on two threads")
struct DQNTwoThreadTests {
    /// The networks train split across the threads (PairedMLP); the one-thread reference runs the
    /// same split on the caller.
    @Test("a network large enough for the worker thread trains exactly as on one thread",
          arguments: [(false, false), (true, false), (false, true), (true, true)])
    func sameResultsAsSerial(prioritized: Bool, double: Bool) throws {
        var config = DQNTests().smallConfig()
        config.prioritizedReplay = prioritized
        config.doubleQ = double
        config.splitHiddenUnits = true
        config.totalSteps = 400
        config.learningStarts = 100
        config.trainFrequency = 4
        config.gradientSteps = 2
        config.hiddenLayers = [128, 128]   // 6·128 + 128·128 + 128·2 + biases > 16,384 parameters
        let env = TimeLimit(ChainEnvironment(), maxEpisodeSteps: 30)
        var parallel = try DQNTrainer(config: config, env: env)
        #expect(parallel.agent.worker != nil)
        var serial = try DQNTrainer(config: config, env: env)
        serial.agent.worker = PairedWorker(runsOnCaller: true)
        var a: [EpisodeRecord] = [], b: [EpisodeRecord] = []
        _ = try parallel.run(onEpisode: { a.append($0) })
        _ = try serial.run(onEpisode: { b.append($0) })
        #expect(parallel.agent.paired != nil)
        #expect(a == b)
        #expect(parallel.agent.online.parameters == serial.agent.online.parameters)
        #expect(parallel.agent.optimizer.state == serial.agent.optimizer.state)
    }
}

/// Lets two test threads each mutate their own element of one buffer.
struct UnsafeSendableCopies: @unchecked Sendable {
    let value: UnsafeMutableBufferPointer<DQN>
    init(_ value: UnsafeMutableBufferPointer<DQN>) { self.value = value }
}
