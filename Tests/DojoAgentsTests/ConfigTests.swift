import DojoAgents
import Testing

@Suite("DQN configuration")
struct ConfigTests {
    @Test("the CartPole preset carries rl-baselines3-zoo's values")
    func cartpolePreset() throws {
        let config = try Presets.load("cartpole-dqn")
        #expect(config.env == "CartPole-v1")
        #expect(config.totalSteps == 50_000)
        #expect(config.learningRate == 2.3e-3)
        #expect(config.batchSize == 64)
        #expect(config.bufferSize == 100_000)
        #expect(config.learningStarts == 1000)
        #expect(config.gamma == 0.99)
        #expect(config.targetUpdateInterval == 10)
        #expect(config.trainFrequency == 256)
        #expect(config.gradientSteps == 128)
        #expect(config.explorationFraction == 0.16)
        #expect(config.explorationFinalEpsilon == 0.04)
        #expect(config.hiddenLayers == [256, 256])
    }

    @Test("every built-in preset loads and validates")
    func allPresets() throws {
        #expect(Presets.names.contains("cartpole-dqn"))
        #expect(Presets.names.count >= 3)
        for name in Presets.names { try Presets.load(name).validate() }
    }

    @Test("an unknown field or a value of the wrong type names the field", arguments: [
        ("learning_rat: 0.1", "unknown field 'learning_rat'"),
        ("batch_size: lots", "field 'batch_size' must be an integer"),
        ("net_arch: [64, big]", "field 'net_arch' must be a list of integers"),
        ("double_q: 3", "field 'double_q' must be true or false"),
        ("loss: hinge", "field 'loss' must be huber or mse"),
        ("- just\n- a list", "the top level must be a mapping"),
        ("key: [unclosed", "not valid YAML"),
    ])
    func badPreset(text: String, message: String) {
        do {
            _ = try DQNConfig(yaml: text, source: "test.yaml")
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect("\(error)".hasPrefix("test.yaml"))
        }
    }

    @Test("--set overrides one field with a typed value")
    func overrides() throws {
        var config = try Presets.load("cartpole-dqn")
        try config.apply(override: "learning_rate=1e-3")
        try config.apply(override: "net_arch=[32, 16]")
        try config.apply(override: "double_q=true")
        #expect(config.learningRate == 1e-3)
        #expect(config.hiddenLayers == [32, 16])
        #expect(config.doubleQ)
        #expect(throws: ConfigError.self) { try config.apply(override: "gamma") }
        #expect(throws: ConfigError.self) { try config.apply(override: "no_such=1") }
    }

    @Test("config.yaml text reads back to the same configuration")
    func roundTrip() throws {
        var config = DQNConfig()
        config.learningRate = 2.3e-3
        config.dueling = true
        config.hiddenLayers = [7, 9]
        config.seed = 12
        let back = try DQNConfig(yaml: config.yaml, source: "config.yaml")
        #expect(back == config)
    }

    @Test("an environment id YAML would read as another type survives config.yaml", arguments: [
        "2048", "true", "null", "1.5", "~", "it's", "[x]", "*ref", "CartPole-v1",
    ])
    func environmentIDRoundTrip(id: String) throws {
        var config = DQNConfig()
        config.env = id
        let back = try DQNConfig(yaml: config.yaml, source: "config.yaml")
        #expect(back.env == id)
    }

    @Test("validation rejects out-of-range values, naming them")
    func validation() {
        var config = DQNConfig()
        config.gamma = 1.5
        #expect(throws: ConfigError.invalidValue(field: "gamma", reason: "must be in [0, 1]")) { try config.validate() }
    }
}
