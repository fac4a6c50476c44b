import ArgumentParser
import DojoNN
import DojoRandom

#if canImport(Glibc)
import Glibc
#endif

/// `dojo bench nn [--json]`: sgemm GFLOP/s at square 256/512/1024 and the time of one training
/// step (forward, loss, backward, Adam) for three MLPs, with the BLAS kernel and thread count on
/// every line. Figures are medians over repeats. GFLOP/s counts a step's products as if whole:
/// the split step leaves out inactive ReLU units' (see `PairedMLP`), so its figure can exceed what
/// the cores compute. `--verify` instead checks the loaded kernel's sgemm against a naive
/// reference (used by the tests).
struct BenchNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn",
        abstract: "Network core speed: sgemm GFLOP/s and MLP training-step time."
    )

    @OptionGroup var options: BenchOptions

    @Flag(help: .hidden)
    var verify = false

    struct Network {
        let sizes: [Int]
        let batch: Int
        let loss: Loss
    }

    static let networks = [
        Network(sizes: [4, 64, 64, 2], batch: 64, loss: .mse),
        Network(sizes: [4, 256, 256, 2], batch: 64, loss: .huber(delta: 1)),
        Network(sizes: [784, 512, 512, 10], batch: 256, loss: .softmaxCrossEntropy),
    ]

    func run() throws {
        if verify { return try runVerification() }
        try Self.run(json: options.json)
    }

    /// Runs every measurement and prints one line per result (also used by `dojo bench`).
    static func run(json: Bool) throws {
        let kernel = BLAS.coreName, threads = BLAS.threadCount
        if !json { print(pad("sgemm (square)", 42) + pad("GFLOP/s", 10, right: true) + "   " + pad("kernel", 12) + "threads") }
        for n in [256, 512, 1024] {
            let gflops = sgemmGFLOPS(n: n)
            if json {
                print("{\"bench\":\"sgemm\",\"n\":\(n),\"gflops\":\(format(gflops)),\"kernel\":\"\(kernel)\",\"threads\":\(threads)}")
            } else {
                print(pad("n=\(n)", 42) + pad(format(gflops), 10, right: true) + "   " + pad(kernel, 12) + "\(threads)")
            }
        }
        if !json {
            print("\nMLP training step (forward, loss, backward, Adam)")
            print(pad("net", 20) + pad("batch", 7) + pad("loss", 15) + pad("us/step", 11, right: true)
                  + pad("GFLOP/s", 10, right: true) + "   " + pad("kernel", 12) + "threads")
        }
        for net in networks {
            let (us, gflops) = trainingStep(net)
            let name = net.sizes.map(String.init).joined(separator: "-")
            if json {
                print("{\"bench\":\"mlp_step\",\"net\":\"\(name)\",\"batch\":\(net.batch),\"loss\":\"\(net.loss.name)\","
                      + "\"us\":\(format(us)),\"gflops\":\(format(gflops)),\"kernel\":\"\(kernel)\",\"threads\":\(threads)}")
            } else {
                print(pad(name, 20) + pad("\(net.batch)", 7) + pad(net.loss.name, 15) + pad(format(us), 11, right: true)
                      + pad(format(gflops), 10, right: true) + "   " + pad(kernel, 12) + "\(threads)")
            }
        }
        let split = splitNetwork, (us, gflops) = splitTrainingStep(split)
        let name = split.sizes.map(String.init).joined(separator: "-")
        if json {
            print("{\"bench\":\"mlp_step\",\"net\":\"\(name)\",\"batch\":\(split.batch),\"loss\":\"\(split.loss.name)\","
                  + "\"split\":true,\"us\":\(format(us)),\"gflops\":\(format(gflops)),\"kernel\":\"\(kernel)\",\"threads\":2}")
        } else {
            print(pad(name + " split", 20) + pad("\(split.batch)", 7) + pad(split.loss.name, 15) + pad(format(us), 11, right: true)
                  + pad(format(gflops), 10, right: true) + "   " + pad(kernel, 12) + "2 (hidden units split)")
        }
    }

    static func format(_ x: Double) -> String { String((x * 10).rounded() / 10) }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }


    // MARK: Measurements

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Runs `body` `repeats` times after one warm-up, returning the median seconds per call.
    static func medianSeconds(repeats: Int, _ body: () -> Void) -> Double {
        body()
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = now()
            body()
            times.append(now() - start)
        }
        times.sort()
        return times[times.count / 2]
    }

    static func sgemmGFLOPS(n: Int) -> Double {
        var rng = SeededGenerator(seed: 1)
        let a = Matrix(rows: n, cols: n, (0..<(n * n)).map { _ in rng.nextUnitFloat() - 0.5 })
        let b = Matrix(rows: n, cols: n, (0..<(n * n)).map { _ in rng.nextUnitFloat() - 0.5 })
        var c = Matrix(rows: n, cols: n)
        let calls = max(1, (1 << 28) / (n * n * n))
        let seconds = medianSeconds(repeats: 7) {
            for _ in 0..<calls { Matrix.gemm(a, b, into: &c) }
        } / Double(calls)
        return 2 * Double(n * n * n) / seconds / 1e9
    }

    /// Microseconds per step and the achieved GFLOP/s of its matrix products (forward x Wᵀ,
    /// backward dYᵀ X and dY W: 6 * batch * Σ in*out flops per step).
    static func trainingStep(_ spec: Network) -> (us: Double, gflops: Double) {
        var rng = SeededGenerator(seed: 42)
        var net = Sequential.mlp(sizes: spec.sizes, activation: .relu, using: &rng)
        var adam = Adam(learningRate: 1e-4)
        let inputs = spec.sizes[0], outputs = spec.sizes[spec.sizes.count - 1]
        let x = Matrix(rows: spec.batch, cols: inputs, (0..<(spec.batch * inputs)).map { _ in rng.nextUnitFloat() })
        var target = Matrix(rows: spec.batch, cols: outputs)
        for r in 0..<spec.batch {
            if spec.loss == .softmaxCrossEntropy { target[r, rng.nextIndex(below: outputs)] = 1 }
            else { for c in 0..<outputs { target[r, c] = rng.nextUnitFloat() } }
        }
        var gradient = Matrix(rows: spec.batch, cols: outputs)
        let work = spec.batch * inputs * spec.sizes[1]
        let steps = max(1, 2_000_000 / max(1, work * 6 / inputs))
        let seconds = medianSeconds(repeats: 9) {
            for _ in 0..<steps {
                net.forward(x, training: true)
                spec.loss.gradient(net.output, target, into: &gradient)
                net.backward(gradient)
                adam.step(&net)
            }
        } / Double(steps)
        var flops = 0.0
        for i in 0..<(spec.sizes.count - 1) { flops += 6 * Double(spec.batch * spec.sizes[i] * spec.sizes[i + 1]) }
        return (seconds * 1e6, flops / seconds / 1e9)
    }

    /// The CartPole DQN network, trained split across two threads (`PairedMLP`).
    static let splitNetwork = Network(sizes: [4, 256, 256, 2], batch: 64, loss: .huber(delta: 1))

    /// `trainingStep` for `PairedMLP` on two threads: the step of a DQN phase whose targets are
    /// computed beforehand (online forward, loss, backward, clipping, Adam).
    static func splitTrainingStep(_ spec: Network) -> (us: Double, gflops: Double) {
        var rng = SeededGenerator(seed: 42)
        let net = Sequential.mlp(sizes: spec.sizes, activation: .relu, using: &rng)
        let inputs = spec.sizes[0], outputs = spec.sizes[spec.sizes.count - 1]
        let paired = PairedMLP(network: net, batch: spec.batch, worker: PairedWorker())
        paired.load(online: net, target: net, optimizer: Adam(learningRate: 1e-4))
        let x = Matrix(rows: spec.batch, cols: inputs, (0..<(spec.batch * inputs)).map { _ in rng.nextUnitFloat() })
        let target = Matrix(rows: spec.batch, cols: outputs, (0..<(spec.batch * outputs)).map { _ in rng.nextUnitFloat() })
        var gradient = Matrix(rows: spec.batch, cols: outputs)
        let seconds = medianSeconds(repeats: 9) {
            for _ in 0..<500 {
                paired.forward(observations: x)
                spec.loss.gradient(paired.q, target, into: &gradient)
                paired.adamStep(norm: paired.backward(gradient), maxNorm: 10)
            }
        } / 500
        var flops = 0.0
        for i in 0..<(spec.sizes.count - 1) { flops += 6 * Double(spec.batch * spec.sizes[i] * spec.sizes[i + 1]) }
        return (seconds * 1e6, flops / seconds / 1e9)
    }

    // MARK: Verification

    /// Checks sgemm with the loaded kernel against a Double triple loop at shapes that exercise
    /// the kernel's blocking edges, for every transpose combination.
    func runVerification() throws {
        let shapes = [(1, 1, 1), (7, 13, 5), (33, 65, 17), (64, 64, 64), (100, 130, 70), (129, 65, 97)]
        var rng = SeededGenerator(seed: 3)
        var worst: Float = 0
        var cases = 0
        for (m, k, n) in shapes {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = Matrix(rows: transposeA ? k : m, cols: transposeA ? m : k,
                                   (0..<(m * k)).map { _ in rng.nextUnitFloat() * 2 - 1 })
                    let b = Matrix(rows: transposeB ? n : k, cols: transposeB ? k : n,
                                   (0..<(k * n)).map { _ in rng.nextUnitFloat() * 2 - 1 })
                    var c = Matrix(rows: m, cols: n)
                    Matrix.gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
                    let reference = Matrix.referenceProduct(a, transposeA: transposeA, b, transposeB: transposeB)
                    for i in 0..<c.count {
                        worst = max(worst, abs(c.storage[i] - reference.storage[i]) / Float(k).squareRoot())
                    }
                    cases += 1
                }
            }
        }
        let ok = worst < 1e-5
        print("{\"bench\":\"sgemm_verify\",\"cases\":\(cases),\"max_error\":\(worst),\"ok\":\(ok),"
              + "\"kernel\":\"\(BLAS.coreName)\",\"threads\":\(BLAS.threadCount)}")
        if !ok { throw CommandError("sgemm with kernel \(BLAS.coreName) differs from the reference by \(worst)") }
    }
}
