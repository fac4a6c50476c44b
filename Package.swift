// swift-tools-version:6.0
// Dojo: reinforcement-learning environments and agents in Swift. See README.md and DESIGN.md.
import PackageDescription

/// Set `DOJO_NO_VIZ=1` to leave the SDL2 visualizer (`CSDL2`, `dojo-viz`) out of the package, for
/// machines without libsdl2-dev. Everything else builds and tests without it.
let withVisualizer = Context.environment["DOJO_NO_VIZ"] == nil

var targets: [Target] = [
    // C bindings: a module map and a one-line header each, nothing else.
    .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                   providers: [.apt(["libopenblas-dev"])]),

    // Hand-vectorised elementwise kernels in C: per-function AVX with a run-time check, which
    // Swift cannot express (see Sources/CKernels/include/CKernels.h). Used by DojoNN only.
    .target(name: "CKernels", path: "Sources/CKernels"),

    // Libraries, bottom up.
    .target(name: "DojoRandom", path: "Sources/DojoRandom"),
    .target(name: "DojoNN", dependencies: ["CBLAS", "CKernels", "DojoRandom"], path: "Sources/DojoNN"),
    .target(name: "DojoScene", path: "Sources/DojoScene"),
    .target(name: "DojoRL", dependencies: ["DojoScene", "DojoRandom"], path: "Sources/DojoRL"),
    .target(name: "DojoEnvs", dependencies: ["DojoRL", "DojoScene"], path: "envs"),
    .target(name: "DojoAgents",
            dependencies: ["DojoNN", "DojoRL", .product(name: "Yams", package: "Yams")],
            path: "agents", resources: [.copy("presets")]),
    .target(name: "DojoLearn", dependencies: ["DojoNN", "CBLAS"], path: "Sources/DojoLearn"),
    .target(name: "DojoCLI",
            dependencies: ["DojoAgents", "DojoEnvs", "DojoLearn", "DojoRL", "DojoNN", "DojoScene",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Yams", package: "Yams")],
            path: "Sources/DojoCLI"),
    .executableTarget(name: "dojo", dependencies: ["DojoCLI"], path: "Sources/dojo"),

    // Tests: one target per module, plus shared support (reference matmul, gradient checker,
    // environment conformance checks).
    .target(name: "TestSupport", dependencies: ["DojoNN", "DojoRL"], path: "Tests/TestSupport"),
    .testTarget(name: "DojoNNTests", dependencies: ["DojoNN", "DojoRandom", "TestSupport"]),
    .testTarget(name: "DojoSceneTests", dependencies: ["DojoScene"]),
    .testTarget(name: "DojoRLTests", dependencies: ["DojoRL", "TestSupport"]),
    .testTarget(name: "DojoEnvsTests", dependencies: ["DojoEnvs", "DojoRL", "TestSupport"]),
    .testTarget(name: "DojoAgentsTests", dependencies: ["DojoAgents", "DojoEnvs", "TestSupport"]),
    .testTarget(name: "DojoLearnTests", dependencies: ["DojoLearn", "TestSupport"]),
    .testTarget(name: "DojoCLITests", dependencies: ["DojoCLI", .product(name: "Yams", package: "Yams")]),
]

var products: [Product] = [
    .executable(name: "dojo", targets: ["dojo"]),
    .library(name: "DojoCLI", targets: ["DojoCLI"]),
    .library(name: "DojoRL", targets: ["DojoRL"]),
    .library(name: "DojoScene", targets: ["DojoScene"]),
    .library(name: "DojoNN", targets: ["DojoNN"]),
    .library(name: "DojoRandom", targets: ["DojoRandom"]),
    .library(name: "DojoEnvs", targets: ["DojoEnvs"]),
    .library(name: "DojoAgents", targets: ["DojoAgents"]),
    .library(name: "DojoLearn", targets: ["DojoLearn"]),
]

if withVisualizer {
    targets += [
        .systemLibrary(name: "CSDL2", path: "Sources/CSDL2", pkgConfig: "sdl2",
                       providers: [.apt(["libsdl2-dev"])]),
        .executableTarget(name: "dojo-viz",
                          dependencies: ["DojoScene", "CSDL2", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Sources/dojo-viz"),
    ]
    products.append(.executable(name: "dojo-viz", targets: ["dojo-viz"]))
}

let package = Package(
    name: "Dojo",
    platforms: [.macOS(.v14)],
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: targets,
    swiftLanguageModes: [.v5]
)
