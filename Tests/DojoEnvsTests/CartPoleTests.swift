import DojoRL
import DojoScene
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport
@testable import DojoEnvs

@Suite("CartPole-v1")
struct CartPoleTests {
    /// Observations after each action from state [0.01, -0.02, 0.03, 0.04], cross-checked once
    /// locally against Gymnasium 1.x (`gym.make("CartPole-v1").unwrapped`, `env.state = ...`,
    /// then `env.step(a)`), printed as float32 values.
    static let gymnasiumTrajectory: [(action: Int, observation: SIMD4<Float>)] = [
        (1, [0.009600000455975533, 0.17467918992042542, 0.030799999833106995, -0.24306872487068176]),
        (0, [0.013093584217131138, -0.020868849009275436, 0.025938626378774643, 0.059167999774217606]),
        (1, [0.012676207348704338, 0.17387177050113678, 0.02712198533117771, -0.22521957755088806]),
        (1, [0.016153642907738686, 0.36859580874443054, 0.02261759340763092, -0.5092253088951111]),
        (0, [0.023525558412075043, 0.17316263914108276, 0.012433087453246117, -0.20950153470039368]),
        (0, [0.026988811790943146, -0.02213486284017563, 0.008243056945502758, 0.0870773121714592]),
        (1, [0.026546115055680275, 0.17286796867847443, 0.009984603151679039, -0.20299355685710907]),
        (0, [0.030003473162651062, -0.022395342588424683, 0.0059247324243187904, 0.09282222390174866]),
        (1, [0.029555566608905792, 0.17264118790626526, 0.007781176827847958, -0.19798557460308075]),
        (1, [0.0330083891749382, 0.36765098571777344, 0.0038214651867747307, -0.488203763961792]),
    ]

    @Test("a trajectory from a chosen state matches Gymnasium's to float tolerance")
    func trajectory() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        env.state = [0.01, -0.02, 0.03, 0.04]
        for (i, expected) in Self.gymnasiumTrajectory.enumerated() {
            let step = env.step(expected.action)
            #expect(step.reward == 1 && !step.terminated && !step.truncated)
            let error = maxAbsDifference(step.observation, expected.observation)
            #expect(error < 1e-7, "step \(i + 1): \(step.observation) vs Gymnasium \(expected.observation)")
        }
        // Gymnasium's float64 state after the ten steps.
        let state: SIMD4<Double> = [0.033008390428920745, 0.36765098601918744, 0.0038214652462337543, -0.4882037724625794]
        #expect(maxAbsDifference(env.state, state) < 1e-13)
    }

    @Test("the first step by hand: positions move with the old velocities (explicit Euler)")
    func firstStepByHand() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        env.state = [0.01, -0.02, 0.03, 0.04]
        _ = env.step(1)
        // x' = x + tau*xdot = 0.01 + 0.02*(-0.02); theta' = 0.03 + 0.02*0.04.
        #expect(abs(env.state[0] - 0.0096) < 1e-15)
        #expect(abs(env.state[2] - 0.0308) < 1e-15)
        // From rest and upright, pushing right: temp = 10/1.1, thetaacc = -cos*temp / (0.5*(4/3 - 0.1/1.1)),
        // xacc = temp - 0.05*thetaacc/1.1; after one step only the velocities change.
        env.state = .zero
        _ = env.step(1)
        let temp = 10.0 / 1.1
        let thetaAcc = -temp / (0.5 * (4.0 / 3.0 - 0.1 / 1.1))
        let xAcc = temp - 0.05 * thetaAcc / 1.1
        #expect(env.state[0] == 0 && env.state[2] == 0)
        #expect(abs(env.state[1] - 0.02 * xAcc) < 1e-14)
        #expect(abs(env.state[3] - 0.02 * thetaAcc) < 1e-14)
    }

    @Test("always pushing right from rest terminates at step 9 exactly, rewarding the terminal step (Gymnasium)")
    func terminationStep() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        env.state = .zero
        for step in 1...8 {
            let result = env.step(1)
            #expect(!result.terminated, "terminated early at step \(step)")
        }
        let last = env.step(1)
        #expect(last.terminated && last.reward == 1)
        let expected: SIMD4<Float> = [0.14065097272396088, 1.7603811025619507, -0.21518604457378387, -2.777886390686035]
        #expect(maxAbsDifference(last.observation, expected) < 1e-6)
        // Stepping on (which the contract forbids) pays nothing, as Gymnasium's.
        #expect(env.step(1).reward == 0)
    }

    @Test("alternating pushes from rest terminate at step 33 (Gymnasium)")
    func alternating() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        env.state = .zero
        var ended = 0
        for t in 1...200 where ended == 0 {
            if env.step(t % 2).terminated { ended = t }
        }
        #expect(ended == 33)
    }

    @Test("termination thresholds are strict: |x| > 2.4 and |theta| > 12 degrees")
    func thresholds() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        env.state = [2.39, 1.0, 0, 0]  // x becomes 2.41
        #expect(env.step(1).terminated)
        _ = env.reset(seed: 0)
        env.state = [2.4, 0, 0, 0]  // x stays 2.4: not beyond
        #expect(!env.step(1).terminated)
        _ = env.reset(seed: 0)
        let limit = 12 * 2 * Double.pi / 360
        env.state = [0, 0, -limit + 0.001, -0.1]  // theta becomes limit - 0.001 - 0.002 below -limit
        #expect(env.step(0).terminated)
        #expect(CartPole.thetaThreshold == limit)
    }

    @Test("the same seed gives the same start; starts are uniform in [-0.05, 0.05]^4")
    func seeding() {
        var a = CartPole(), b = CartPole(seed: 99)
        #expect(a.reset(seed: 7) == b.reset(seed: 7))
        #expect(a.reset(seed: nil) == b.reset(seed: nil))
        #expect(a.reset(seed: 7) != a.reset(seed: 8))
        var low = SIMD4<Float>(repeating: 1), high = SIMD4<Float>(repeating: -1)
        for _ in 0..<2_000 {
            let o = a.reset(seed: nil)
            low = pointwiseMin(low, o)
            high = pointwiseMax(high, o)
        }
        #expect(low.min() >= -0.05 && high.max() <= 0.05)
        #expect(low.max() < -0.049 && high.min() > 0.049)
    }

    @Test("spaces are Gymnasium's")
    func spaces() {
        let env = CartPole()
        #expect(env.actionSpace == Discrete(2))
        #expect(env.observationSpace.high == [4.8, .infinity, 0.41887903, .infinity])
        #expect(env.observationSpace.low == -env.observationSpace.high)
        #expect(env.observationSpace.description == "Box(4, low: [-4.8, -inf, -0.41887903, -inf], high: [4.8, inf, 0.41887903, inf])")
    }

    @Test("renders track, cart, pole at its angle and axle in Gymnasium's colours")
    func render() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        env.state = [1.0, 0, 0.1, 0]
        let scene = env.render()
        #expect(scene.background == .white)
        #expect(scene.primitives.count == 4)
        guard case .rect(let cart, .black) = scene.primitives[1] else { Issue.record("no cart"); return }
        #expect(abs(cart.x + cart.width / 2 - 1.0) < 1e-6)
        guard case .polygon(let pole, let color) = scene.primitives[2] else { Issue.record("no pole"); return }
        #expect(color == Color(202, 152, 101))
        // The pole's top edge midpoint leans right by sin(0.1) * (1 - 0.04).
        let top = Point((pole[1].x + pole[2].x) / 2, (pole[1].y + pole[2].y) / 2)
        #expect(abs(top.x - (1.0 + sinf(0.1) * 0.96)) < 1e-5)
        guard case .circle(_, _, _, let axle) = scene.primitives[3] else { Issue.record("no axle"); return }
        #expect(axle == Color(129, 132, 203))
    }

    @Test("conforms: checker, wrappers and vector environment agree")
    func conformance() {
        #expect(environmentConformanceProblems(CartPole()) == [])
        let report = EnvironmentChecker(CartPole()).run()
        #expect(report.result("render")?.status == .passed)
    }
}

/// The largest componentwise |a - b|.
func maxAbsDifference<V: SIMD>(_ a: V, _ b: V) -> V.Scalar where V.Scalar: FloatingPoint {
    var worst: V.Scalar = 0
    for i in a.indices { worst = max(worst, abs(a[i] - b[i])) }
    return worst
}
